package dev.sth.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.NativeSettings;
import dev.sth.model.NetworkConfig;
import dev.sth.model.SthNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import dev.sth.metrics.Distortion;
import dev.sth.model.Adam;
import dev.sth.train.ContextRate;
import dev.sth.train.RateModel;
import dev.sth.train.NetworkOptions;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;

/**
 * Training throughput on synthetic crops (the data pipeline is not what is measured). Run it
 * under different environments to compare ND4J settings: see trainer/bench/train-throughput.sh.
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

    @Option(names = "--crop", defaultValue = "128") int crop;
    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--steps", defaultValue = "20", description = "timed steps (after --warmup)") int steps;
    @Option(names = "--warmup", defaultValue = "5") int warmup;
    @Option(names = "--no-onednn", description = "disable ND4J's oneDNN helpers (plain native kernels)") boolean noOneDnn;
    @Option(names = "--gc-every", defaultValue = "5", description = "System.gc() every N steps, 0 = never") int gcEvery;
    @Option(names = "--label", defaultValue = "") String label;
    @Option(names = "--rate", defaultValue = "ORDER0", description = "ORDER0 or CONTEXT: CONTEXT adds the step's analysis pass and context tables (default: ${DEFAULT-VALUE})")
    RateModel rate;
    @Option(names = "--no-quantizer", description = "bypass the quantizer (quantMix 0): what the soft assignment costs") boolean noQuantizer;

    @Override
    public Integer call() {
        if (noOneDnn) Nd4j.getEnvironment().allowHelpers(false);
        NetworkConfig cfg = network.config();
        INDArray centers = Nd4j.linspace(-2, 2, (long) cfg.centers() * cfg.vectorDim(), DataType.FLOAT)
                .reshape(cfg.centers(), cfg.vectorDim());
        TrainingGraph g = new TrainingGraph(cfg, new SthNetwork(cfg).initialParameters(1), centers, Distortion.MSE, 100, 0.5, crop,
                WeightCompression.NONE, rate);
        ContextRate contextRate = rate == RateModel.CONTEXT ? new ContextRate(cfg, dev.sth.format.CoderParams.defaults()) : null;
        Adam adam = new Adam();
        Random rnd = new Random(1);
        float[] data = new float[batch * 3 * crop * crop];
        for (int i = 0; i < data.length; i++) data[i] = rnd.nextFloat();
        INDArray x = Nd4j.create(data, new long[] {batch, 3, crop, crop}, 'c');
        double[] ms = new double[steps];
        Map<String, INDArray> grads = new HashMap<>();
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            grads.clear();
            INDArray lengths = contextRate == null ? null
                    : contextRate.stepLengths(g.latent(x), g.parameters().get(TrainingGraph.CENTERS).data().asFloat());
            g.step(x, 5, 1, noQuantizer ? 0 : 1, new WeightCompression.Phase(1, 1), lengths, grads);
            adam.apply(g.parameters(), grads, 1e-4);
            if (gcEvery > 0 && i % gcEvery == gcEvery - 1) System.gc();
            if (i >= warmup) ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[steps / 2];
        System.out.printf(Locale.ROOT,
                "%s %s N=%d R=%d rate=%s quantizer=%s crop=%d batch=%d gc_every=%d onednn=%s omp_wait=%s malloc_tuned=%s threads=%s: "
                        + "median %.1f ms/step, %.2f images/s, %.0f training pixels/s, %.0f forward MACs/pixel, %.1f G MACs/s (forward + 2x backward)%n",
                label.isEmpty() ? "bench-train" : label, cfg.nonlinearity().key(), cfg.channels(), cfg.residualBlocks(), rate, noQuantizer ? "off" : "on",
                crop, batch, gcEvery, !noOneDnn,
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"), NativeSettings.active(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), median, batch * 1000.0 / median,
                batch * (double) crop * crop * 1000.0 / median, new SthNetwork(cfg).multiplyAddsPerPixel(),
                3 * new SthNetwork(cfg).multiplyAddsPerPixel() * batch * crop * crop / (median * 1e6));
        return 0;
    }
}
