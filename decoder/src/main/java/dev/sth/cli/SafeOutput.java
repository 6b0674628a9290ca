package dev.sth.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file so that it either appears complete or not at all: the bytes go to a hidden
 * temporary file in the same folder, which is then renamed onto the target. Without
 * {@code force} an existing target is never replaced, not even by a race: the rename is a hard link
 * that fails if the name exists (or, where links are unsupported, a move without replace).
 */
public final class SafeOutput {

    /** Writes the content. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private SafeOutput() {
    }

    /** Fails early, before any work, if {@code target} exists and may not be replaced. */
    public static void checkWritable(Path target, boolean force) throws IOException {
        if (!force && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "output exists (use -f to overwrite)");
        }
        if (Files.isDirectory(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "output is a folder");
        }
    }

    public static void write(Path target, boolean force, Content content) throws IOException {
        checkWritable(target, force);
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(target.toString(), null, "output folder " + dir + " does not exist");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                tmp.toFile().deleteOnExit(); // interrupted (Ctrl-C): leave nothing behind
                content.writeTo(out);
            }
            if (force) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                publishNoClobber(tmp, target);
            }
            done = true;
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    private static void publishNoClobber(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "output exists (use -f to overwrite)");
        } catch (UnsupportedOperationException | IOException e) {
            // No hard links here (some file systems): a plain rename, refusing an existing target.
            try {
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException e2) {
                throw new FileAlreadyExistsException(target.toString(), null, "output exists (use -f to overwrite)");
            }
            return;
        }
        Files.delete(tmp);
    }
}
