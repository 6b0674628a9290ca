package dev.sth.bench;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import dev.sth.train.RateModel;
import dev.sth.train.NetworkOptions;

/**
 * {@code bench-train}: training throughput of one configuration on synthetic crops
 * ({@link TrainingBenchmark}); see trainer/bench/train-throughput.sh.
 */
@Command(name = "bench-train", mixinStandardHelpOptions = true,
        description = "Measures training steps/s and images/s of one configuration.", defaultValueProvider = BenchCommand.Defaults.class)
public final class BenchCommand implements Callable<Integer> {

    /** The study's network (N = 128, R = 1) rather than train's defaults, so a bare run measures what the campaign trains. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!arg.isOption()) return null;
            return switch (((OptionSpec) arg).longestName()) {
                case "--channels" -> "128";
                case "--res-blocks" -> "1";
                default -> null;
            };
        }
    }

    @Mixin
    NetworkOptions network;

    @Option(names = "--crop", defaultValue = "128", description = "crop size (default: ${DEFAULT-VALUE})") int crop;
    @Option(names = "--batch", defaultValue = "16", description = "batch size (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--steps", defaultValue = "20", description = "timed steps (after --warmup) (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--warmup", defaultValue = "5", description = "untimed steps first (default: ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--no-onednn", description = "disable ND4J's oneDNN helpers (plain native kernels)") boolean noOneDnn;
    @Option(names = "--gc-every", defaultValue = "5", description = "System.gc() every N steps, 0 = never (default: ${DEFAULT-VALUE})") int gcEvery;
    @Option(names = "--label", defaultValue = "", description = "the result line's first word (default: bench-train)") String label;
    @Option(names = "--rate", defaultValue = "ORDER0", description = "ORDER0 or CONTEXT: CONTEXT adds the step's analysis pass and context tables (default: ${DEFAULT-VALUE})")
    RateModel rate;
    @Option(names = "--no-quantizer", description = "bypass the quantizer (quantMix 0): what the soft assignment costs") boolean noQuantizer;

    @Override
    public Integer call() {
        new TrainingBenchmark(new TrainingBenchmark.Settings(network.config(), crop, batch, steps, warmup, noOneDnn, gcEvery, label,
                rate, noQuantizer)).run(System.out);
        return 0;
    }
}
