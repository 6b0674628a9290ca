package dev.sth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.sth.cli.Cli.UsageException;
import dev.sth.model.ModelSource;
import dev.sth.model.NativeRuntime;
import dev.sth.model.NativeUnavailableException;
import picocli.CommandLine.Option;

/**
 * The options sth-encoder and sth-decoder share, as a picocli {@code @Mixin}. {@code -o} stays with each
 * command because its label names that tool's output.
 */
public final class CommonOptions {

    @Option(names = {"-d", "--output-dir"}, paramLabel = "OUTDIR",
            description = "folder for the outputs, each named after its input (created if missing)")
    public Path outputDir;

    @Option(names = {"-f", "--force"}, description = "overwrite existing outputs (never done without it)")
    public boolean force;

    @Option(names = {"-v", "--verbose"}, description = "say more: model, timings")
    public boolean verbose;

    @Option(names = "--quiet", description = "print nothing but errors")
    public boolean quiet;

    @Option(names = "--model-dir", paramLabel = "DIR", hidden = true,
            description = "use the model bundle(s) in DIR instead of the shipped ones")
    public Path modelDir;

    /** The usage checks both tools make: {@code -o} with {@code -d}, {@code -v} with {@code --quiet}. */
    public void checkUsage(Path output) {
        if (output != null && outputDir != null) throw new UsageException("-o and -d cannot be used together");
        if (verbose && quiet) throw new UsageException("-v and --quiet cannot be used together");
    }

    /** Creates the {@code -d} folder if it is missing; a usage error if it cannot be. */
    public void createOutputDir() {
        if (outputDir != null) {
            try {
                Files.createDirectories(outputDir);
            } catch (IOException e) {
                throw new UsageException("cannot create output folder " + outputDir + ": " + Cli.reason(e));
            }
        }
    }

    /** Where an input's output goes: {@code output} (-o) if given, else into -d or the input's folder, named after it. */
    public Path target(Path output, Path input, String extension) {
        if (output != null) return output;
        Path parent = input.getParent();
        Path folder = outputDir != null ? outputDir : parent == null ? Path.of("") : parent;
        return folder.resolve(Cli.replaceExtension(input, extension));
    }

    /** The models in {@code --model-dir}, or the shipped ones. */
    public ModelSource models() {
        try {
            return modelDir != null ? ModelSource.directory(modelDir) : ModelSource.defaults();
        } catch (IOException e) {
            throw new UsageException("--model-dir " + modelDir + ": " + Cli.reason(e));
        }
    }

    /** One input's work: read {@code input}, write {@code target}. */
    @FunctionalInterface
    public interface FileJob {
        void run(Path input, Path target) throws IOException;
    }

    /**
     * Runs {@code job} on every input, named into its output with {@code extension}. A failing file is reported
     * and the rest go on. Each target is claimed before the work: never twice in one run, never over its input,
     * never over an existing file without {@code -f}.
     *
     * @return {@link Cli#OK}, or {@link Cli#FILE_FAILED} if any input failed
     */
    public int forEachInput(String tool, List<Path> inputs, Path output, String extension, PrintWriter err, FileJob job) {
        try {
            NativeRuntime.require(); // every job runs the network: say once, not per file, when it cannot run here
        } catch (NativeUnavailableException e) {
            err.println(tool + ": " + e.getMessage());
            err.flush();
            return Cli.FILE_FAILED;
        }
        createOutputDir();
        int failed = 0;
        Set<Path> written = new HashSet<>();
        for (Path in : inputs) {
            Path target = target(output, in, extension);
            try {
                if (!written.add(target.toAbsolutePath().normalize())) {
                    throw new IOException("output " + target + " was already written for an earlier input");
                }
                if (Files.exists(in) && Files.exists(target) && Files.isSameFile(in, target)) {
                    throw new IOException("output would overwrite the input");
                }
                SafeOutput.checkWritable(target, force);
                job.run(in, target);
            } catch (Exception | OutOfMemoryError e) {
                Cli.fail(err, tool, in, e);
                failed++;
            }
        }
        return failed == 0 ? Cli.OK : Cli.FILE_FAILED;
    }
}
