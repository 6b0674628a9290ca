package dev.sth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.ToIntFunction;

import dev.sth.model.NativeSettings;
import picocli.CommandLine;

/** What the sth command-line tools share: exit codes, one-line messages, version, startup. */
public final class Cli {

    /** Every file done. */
    public static final int OK = 0;
    /** At least one file failed (the others were still done). */
    public static final int FILE_FAILED = 1;
    /** Bad usage: unknown option, missing argument, impossible combination; nothing was done. */
    public static final int USAGE = 2;

    /** Options that never touch ND4J, so there is no reason to restart the JVM for them. */
    private static final Set<String> LIGHT = Set.of("-h", "--help", "-V", "--version", "--list", "--info");

    private Cli() {
    }

    /** Whether the command will run the network (and so wants {@code NativeSettings}). */
    public static boolean needsNative(String[] args) {
        for (String a : args) if (LIGHT.contains(a)) return false;
        return args.length > 0;
    }

    /** The reason an operation failed, on one line, without Java class names where avoidable. */
    public static String reason(Throwable e) {
        String m;
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return reason(u.getCause());
        } else if (e instanceof NoSuchFileException f) {
            m = f.getReason() != null ? f.getReason() : "no such file";
        } else if (e instanceof AccessDeniedException) {
            m = "permission denied";
        } else if (e instanceof FileAlreadyExistsException f && f.getReason() != null) {
            m = f.getReason();
        } else if (e instanceof FileSystemException f) {
            m = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        } else if (e instanceof OutOfMemoryError) {
            m = "out of memory (give Java more with -Xmx, e.g. java -Xmx4g -jar ...)";
        } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
            m = e.getMessage();
            if (!(e instanceof IOException) && !(e instanceof IllegalArgumentException)) {
                m = e.getClass().getSimpleName() + ": " + m;
            }
        } else {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** Prints {@code tool: file: reason} as one line. */
    public static void fail(PrintWriter err, String tool, Path file, Throwable e) {
        err.println(tool + ": " + file + ": " + reason(e));
        err.flush();
    }

    /**
     * A tool's {@code main}: restarts the JVM with ND4J's speed settings if the command needs them (they must be in
     * the environment before the JVM starts, docs/nd4j.md), else runs it here; exits with its status.
     */
    public static void main(Class<?> main, String[] args, ToIntFunction<String[]> run) {
        if (needsNative(args)) {
            OptionalInt child = NativeSettings.relaunchIfNeeded(main, args);
            if (child.isPresent()) System.exit(child.getAsInt());
        }
        System.exit(run.applyAsInt(args));
    }

    /** Picocli set up the same way for every tool: one-line usage errors, exit codes as above. */
    public static CommandLine commandLine(Object command, String tool) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(tool + ": " + ex.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").strip()
                    + " (see " + tool + " --help)");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof UsageException) {
                err.println(tool + ": " + ex.getMessage() + " (see " + tool + " --help)");
                err.flush();
                return USAGE;
            }
            err.println(tool + ": " + reason(ex));
            err.flush();
            return FILE_FAILED;
        });
        return cl;
    }

    /** Thrown from a command for a usage problem found after parsing (exit code 2). */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    /** The name a batch output gets: the input's name with its extension replaced. */
    public static String replaceExtension(Path input, String extension) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return base + "." + extension;
    }

    /** The extension of a file name, lower case, or "" if none. */
    public static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && dot < name.length() - 1 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** Version line for --version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"${COMMAND-NAME} " + (v != null ? v : "(development build)")
                    + ", .sth format " + dev.sth.format.SthFormat.MAJOR_VERSION + "." + dev.sth.format.SthFormat.MINOR_VERSION,
                    "Java ${java.version} (${java.vendor}), ${os.name} ${os.arch}"};
        }
    }

    /** Joins for messages. */
    public static String list(List<?> items) {
        return items.isEmpty() ? "(none)" : String.join(", ", items.stream().map(String::valueOf).toList());
    }
}
