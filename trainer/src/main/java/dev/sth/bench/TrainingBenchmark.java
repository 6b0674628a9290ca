package dev.sth.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.format.CoderParams;
import dev.sth.metrics.Distortion;
import dev.sth.model.Adam;
import dev.sth.model.NativeSettings;
import dev.sth.model.NetworkConfig;
import dev.sth.model.SthNetwork;
import dev.sth.train.ContextRate;
import dev.sth.train.RateModel;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;

/**
 * Training throughput on synthetic crops (the data pipeline is not what is measured): the median
 * time of one full training step (forward, backward, Adam) of a network, after untimed warm-up
 * steps. Run it under different environments to compare ND4J settings: see
 * trainer/bench/train-throughput.sh.
 */
public final class TrainingBenchmark {

    /** Seed of the initial parameters and of the synthetic crops. */
    static final long SEED = 1;
    /** The quantizer's initial centers are spread evenly over [−CENTER_RANGE, CENTER_RANGE]. */
    static final int CENTER_RANGE = 2;
    /** The step's loss: distortion + BETA · rate above TARGET_BPP (the values do not change the cost). */
    static final double BETA = 100;
    static final double TARGET_BPP = 0.5;
    /** The step's softness σ and hard mix (hard quantization, as in the late part of a run). */
    static final double SIGMA = 5;
    static final double HARD_MIX = 1;
    static final double LEARNING_RATE = 1e-4;

    /**
     * One configuration.
     *
     * @param steps       timed steps, after {@code warmup} untimed ones
     * @param noOneDnn    disable ND4J's oneDNN helpers (plain native kernels)
     * @param gcEvery     System.gc() every N steps, 0 = never
     * @param label       the result line's first word, empty for "bench-train"
     * @param noQuantizer bypass the quantizer (quantMix 0): what the soft assignment costs
     */
    public record Settings(NetworkConfig network, int crop, int batch, int steps, int warmup, boolean noOneDnn, int gcEvery,
                           String label, RateModel rate, boolean noQuantizer) {
    }

    private final Settings s;

    public TrainingBenchmark(Settings settings) {
        if (settings.steps() < 1) throw new IllegalArgumentException("steps must be at least 1, got " + settings.steps());
        this.s = settings;
    }

    /** Runs the steps, prints one result line, returns the median milliseconds per step. */
    public double run(PrintStream stdout) {
        if (s.noOneDnn()) Nd4j.getEnvironment().allowHelpers(false);
        NetworkConfig cfg = s.network();
        int crop = s.crop();
        int batch = s.batch();
        INDArray centers = Nd4j.linspace(-CENTER_RANGE, CENTER_RANGE, (long) cfg.centers() * cfg.vectorDim(), DataType.FLOAT)
                .reshape(cfg.centers(), cfg.vectorDim());
        TrainingGraph g = new TrainingGraph(cfg, new SthNetwork(cfg).initialParameters(SEED), centers, Distortion.MSE, BETA,
                TARGET_BPP, crop, WeightCompression.NONE, s.rate());
        ContextRate contextRate = s.rate() == RateModel.CONTEXT ? new ContextRate(cfg, CoderParams.defaults()) : null;
        Adam adam = new Adam();
        Random rnd = new Random(SEED);
        float[] data = new float[batch * 3 * crop * crop];
        for (int i = 0; i < data.length; i++) data[i] = rnd.nextFloat();
        INDArray x = Nd4j.create(data, new long[] {batch, 3, crop, crop}, 'c');
        double[] ms = new double[s.steps()];
        Map<String, INDArray> grads = new HashMap<>();
        int gcEvery = s.gcEvery();
        for (int i = 0; i < s.warmup() + s.steps(); i++) {
            long t0 = System.nanoTime();
            grads.clear();
            INDArray lengths = contextRate == null ? null
                    : contextRate.stepLengths(g.latent(x), g.parameters().get(TrainingGraph.CENTERS).data().asFloat());
            g.step(x, SIGMA, HARD_MIX, s.noQuantizer() ? 0 : 1, new WeightCompression.Phase(1, 1), lengths, grads);
            adam.apply(g.parameters(), grads, LEARNING_RATE);
            if (gcEvery > 0 && i % gcEvery == gcEvery - 1) System.gc();
            if (i >= s.warmup()) ms[i - s.warmup()] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double median = ms[s.steps() / 2];
        double macsPerPixel = new SthNetwork(cfg).multiplyAddsPerPixel();
        stdout.printf(Locale.ROOT,
                "%s %s N=%d R=%d rate=%s quantizer=%s crop=%d batch=%d gc_every=%d onednn=%s omp_wait=%s malloc_tuned=%s threads=%s: "
                        + "median %.1f ms/step, %.2f images/s, %.0f training pixels/s, %.0f forward MACs/pixel, %.1f G MACs/s (forward + 2x backward)%n",
                s.label().isEmpty() ? "bench-train" : s.label(), cfg.nonlinearity().key(), cfg.channels(), cfg.residualBlocks(), s.rate(),
                s.noQuantizer() ? "off" : "on", crop, batch, gcEvery, !s.noOneDnn(),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"), NativeSettings.active(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), median, batch * 1000.0 / median,
                batch * (double) crop * crop * 1000.0 / median, macsPerPixel,
                3 * macsPerPixel * batch * crop * crop / (median * 1e6));
        return median;
    }
}
