package dev.sth.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.sth.eval.ImageSetOptions;

/** {@code bench-codec}: per-image encode and decode time in one warm JVM ({@link CodecBenchmark}). */
@Command(name = "bench-codec", mixinStandardHelpOptions = true,
        description = "Measures encode and decode time per image (median over repetitions) in one JVM.")
public final class BenchCodecCommand implements Callable<Integer> {

    @Mixin
    ImageSetOptions imageSet;
    @Option(names = "--model", description = "shipped model name (default: the first in the index)")
    String model;
    @Option(names = "--model-dir", description = "a bundle folder instead of a shipped model")
    Path modelDir;
    @Option(names = "--repeat", defaultValue = "3", description = "timed repetitions per image (default: ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws Exception {
        new CodecBenchmark(CodecBenchmark.model(model, modelDir), repeat).run(imageSet.list(), System.out);
        return 0;
    }
}
