package dev.sth.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A run's resumable state in a form small enough to commit (models/campaign): its config, log and
 * recorded commands, and {@link Checkpoint#saveCompact the compact checkpoint}. A run folder outside
 * the repository does not survive a change of machine; this does.
 */
public final class Snapshot {
    private Snapshot() {}

    static final List<String> FILES = List.of("config.properties", "log.csv", TrainCommand.COMMANDS_FILE);

    /** Writes {@code runDir}'s last checkpoint and its records to {@code outDir}; returns the step. */
    public static long write(Path runDir, Path outDir) throws IOException {
        Checkpoint ckpt = Checkpoint.load(runDir);
        Files.createDirectories(outDir);
        for (String f : FILES) {
            Path src = runDir.resolve(f);
            if (Files.exists(src)) Files.copy(src, outDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Trainer.truncateLog(outDir.resolve("log.csv"), ckpt.step(), null);
        ckpt.saveCompact(outDir.resolve(Checkpoint.COMPACT_FILE));
        return ckpt.step();
    }

    /**
     * Makes {@code runDir} resumable from {@code snapshotDir}, unless it already holds a checkpoint at
     * least as far along (then the run folder wins and nothing is written).
     */
    public static void seed(Path snapshotDir, Path runDir, PrintStream out) throws IOException {
        Path compact = snapshotDir.resolve(Checkpoint.COMPACT_FILE);
        if (!Files.exists(compact)) throw new IOException(compact + ": no compact checkpoint to resume from");
        Checkpoint snap = Checkpoint.loadCompact(compact);
        if (Files.exists(runDir.resolve(Checkpoint.FILE))) {
            long local = Checkpoint.load(runDir).step();
            if (local >= snap.step()) {
                out.printf("%s holds step %d, the snapshot in %s step %d: resuming from the run folder%n",
                        runDir, local, snapshotDir, snap.step());
                return;
            }
        }
        Files.createDirectories(runDir);
        for (String f : FILES) {
            Path src = snapshotDir.resolve(f);
            if (Files.exists(src)) Files.copy(src, runDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        snap.save(runDir);
        out.printf("seeded %s from the snapshot in %s (step %d)%n", runDir, snapshotDir, snap.step());
    }
}
