package dev.sth.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.sth.encoder.LatentRefinement;
import dev.sth.eval.ImageSetOptions;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelCatalog;
import dev.sth.model.ModelSource;

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
    @Option(names = "--effort", split = ",", defaultValue = "1",
            description = "encoder efforts to time, e.g. 1,3,6,9; the first is the baseline of the ratios (default: ${DEFAULT-VALUE})")
    List<Integer> efforts;

    @Override
    public Integer call() throws Exception {
        ModelBundle m = CodecBenchmark.model(model, modelDir);
        ModelSource source = modelDir == null ? ModelSource.shipped() : ModelSource.directory(modelDir);
        double lambda = efforts.stream().allMatch(e -> e == LatentRefinement.MIN_EFFORT) ? Double.NaN
                : LatentRefinement.lambda(ModelCatalog.of(source), m)
                        .orElseThrow(() -> new IllegalArgumentException(LatentRefinement.noLambda(m)));
        new CodecBenchmark(m, repeat, efforts, lambda).run(imageSet.list(), System.out);
        return 0;
    }
}
