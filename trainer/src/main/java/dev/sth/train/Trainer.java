package dev.sth.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SymbolShape;
import dev.sth.metrics.Metrics;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;
import dev.sth.model.Transform;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import dev.sth.model.Adam;

/**
 * The training loop: sample crops, step the {@link TrainingGraph}, apply {@link Adam}, and on
 * schedule log to {@code log.csv}, validate on held-out images through the real inference path,
 * and checkpoint. A run folder holds config.properties, log.csv and checkpoint.tar; {@link #resume}
 * continues from the last checkpoint, losing at most one checkpoint interval.
 */
public final class Trainer {

    static final String CSV_HEADER = "step,loss,distortion,mse,entropy_bits_per_symbol,train_bpp_est,sigma,hard_mix,"
            + "learning_rate,val_psnr,val_bpp,images_per_s,wall_s,images_seen,val_est_bpp,cpu_s";
    /** A file in the run folder that asks the run to checkpoint and stop (it is removed when obeyed). */
    public static final String STOP_FILE = "STOP";
    /** Training crops whose symbols give an order-0 run's validation priors. */
    static final int PRIOR_CROPS = 128;

    /**
     * Validation figures: mean PSNR of 8-bit reconstructions; mean real coded bits per pixel, coded with
     * the priors the model would ship with; and the training rate term's own estimate for the same symbols.
     */
    public record Validation(double psnr, double bpp, double estimatedBpp) {
    }

    private final TrainConfig config;
    private final Path runDir;
    private final ImageFolder data;
    private final TrainingGraph graph;
    private final Adam adam = new Adam();
    private final PrintStream out;
    private long step;
    private boolean centersInitialised;
    private int rollbacks;
    /** Training wall time of earlier sessions of this run (from the checkpoint). */
    private double wallSeconds;
    /** Wall-clock start of the current {@link #run}, and its wall time when it started. */
    private long runStart;
    private double wallAtRunStart;
    /** Stop (checkpoint, validate) once the run's cumulative training wall time reaches this; 0: no limit. */
    private double wallBudget;
    /** CPU time of earlier sessions (from the checkpoint), and this process's CPU time when {@link #run} started. */
    private double cpuSeconds;
    private double cpuAtRunStart;
    private double processCpuAtRunStart;
    /** As {@link #wallBudget}, in cumulative CPU seconds of the training process (fair when other work shares the cores). */
    private double cpuBudget;
    /** The coder-matched rate term's tables, for {@link RateModel#CONTEXT} runs. */
    private final ContextRate contextRate;
    /** Test hook, run after every step. */
    java.util.function.Consumer<Trainer> afterStep = t -> { };

    /** A step whose loss exceeds this multiple of the running mean is taken as divergence. */
    static final double SPIKE_FACTOR = 10;
    /** Rollbacks allowed per run before training gives up. */
    static final int MAX_ROLLBACKS = 5;

    private Trainer(TrainConfig config, Path runDir, ImageFolder data, Checkpoint checkpoint, PrintStream out,
                    Map<String, INDArray> weightCenters) {
        this.config = config;
        this.runDir = runDir;
        this.data = data;
        this.out = out;
        NetworkConfig net = config.network();
        Map<String, INDArray> params;
        INDArray centers;
        if (checkpoint == null && !config.initFrom().isEmpty()) {
            // Fine-tuning: another run's weights and centers, a fresh optimizer and schedule.
            params = loadInit(config);
            centers = params.remove(TrainingGraph.CENTERS);
            centersInitialised = true;
        } else if (checkpoint == null) {
            params = new SthNetwork(net).initialParameters(config.seed());
            // Uniform in (−2, 2) until k-means on warm-up latents replaces them (method.md).
            centers = Nd4j.linspace(-2, 2, (long) net.centers() * net.vectorDim(), DataType.FLOAT)
                    .reshape(net.centers(), net.vectorDim());
        } else {
            params = new LinkedHashMap<>(checkpoint.params());
            centers = params.remove(TrainingGraph.CENTERS);
            step = checkpoint.step();
            centersInitialised = checkpoint.centersInitialised();
            wallSeconds = checkpoint.wallSeconds();
            cpuSeconds = checkpoint.cpuSeconds();
            adam.restore(checkpoint.adam(), checkpoint.step());
        }
        contextRate = config.rate() == RateModel.CONTEXT ? new ContextRate(net, CoderParams.defaults()) : null;
        if (contextRate != null && checkpoint != null) contextRate.restore(checkpoint.rate());
        if (checkpoint == null) params.putAll(weightCenters);
        if (config.weights().enabled()) initialiseWeightCenters(params, config.weights(), out);
        graph = new TrainingGraph(net, params, centers, config.distortion(), config.beta(), config.targetBpp(),
                config.crop(), config.weights(), config.rate());
    }

    /** Stops this run (checkpointed and validated) when its cumulative training wall time reaches {@code seconds}. */
    public void setWallBudget(double seconds) {
        this.wallBudget = seconds;
    }

    /** Stops this run when its cumulative CPU time (this process's, over all sessions) reaches {@code seconds}. */
    public void setCpuBudget(double seconds) {
        this.cpuBudget = seconds;
    }

    /**
     * Cumulative CPU time of the run: every thread of the training process (ND4J's, the JIT's, the GC's),
     * counted from the process start in this session, plus earlier sessions'.
     */
    public double cpuSeconds() {
        return runStart == 0 ? cpuSeconds : cpuAtRunStart + processCpuSeconds() - processCpuAtRunStart;
    }

    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : 0;
    }

    /** Cumulative training wall time of this run, over all its sessions. */
    public double wallSeconds() {
        return runStart == 0 ? wallSeconds : wallAtRunStart + (System.nanoTime() - runStart) / 1e9;
    }

    /** Network compression starts each kernel's centers at the k-means of its own weights. */
    public static void initialiseWeightCenters(Map<String, INDArray> params, WeightCompression wc, PrintStream out) {
        int d = wc.vectorDim();
        for (String name : new java.util.ArrayList<>(params.keySet())) {
            if (!WeightCompression.compresses(name) || params.containsKey(WeightCompression.centersOf(name))) continue;
            float[] w = params.get(name).dup('c').data().asFloat();
            float[] c = wc.initialCenters(w);
            params.put(WeightCompression.centersOf(name), Nd4j.create(c, new long[] {c.length / d, d}, 'c'));
        }
        out.printf("weight centers initialised (%s): at most %d per kernel, d = %d%n",
                wc.gridStep() > 0 ? "uniform grid, step " + wc.gridStep() + " × RMS" : "k-means", wc.centers(), d);
    }

    private static String csvHeader(TrainConfig config) {
        return config.weights().enabled()
                ? CSV_HEADER.replace(",images_per_s", ",weight_bits,images_per_s") : CSV_HEADER;
    }

    /**
     * The weights and centers a fine-tuning run starts from: another run's last checkpoint (its run
     * folder, or its committed compact snapshot), or a model bundle folder (its stored, e.g. float16,
     * weights), which is how training continues when the original run folder is gone.
     */
    private static Map<String, INDArray> loadInit(TrainConfig config) {
        Path src = Path.of(config.initFrom());
        try {
            NetworkConfig other;
            Map<String, INDArray> params = new LinkedHashMap<>();
            if (Files.exists(src.resolve(ModelBundle.SYNTHESIS_FILE))) {
                ModelBundle b = ModelBundle.load(src, true);
                other = b.network();
                b.allWeights().forEach((k, v) -> params.put(k, v.dup()));
                params.put(TrainingGraph.CENTERS, Nd4j.create(b.centers(), new long[] {other.centers(), other.vectorDim()}, 'c'));
            } else {
                other = TrainConfig.load(src.resolve("config.properties")).network();
                // A committed snapshot (models/campaign) when the run folder is not on this machine.
                boolean compact = !Files.exists(src.resolve(Checkpoint.FILE)) && Files.exists(src.resolve(Checkpoint.COMPACT_FILE));
                params.putAll((compact ? Checkpoint.loadCompact(src.resolve(Checkpoint.COMPACT_FILE)) : Checkpoint.load(src)).params());
            }
            if (LatentWidening.canWiden(other, config.network())) {
                return LatentWidening.widen(params, other, config.network(), 0.05, config.seed());
            }
            if (!other.equals(config.network())) {
                throw new IllegalArgumentException("--init-from " + src + " has network " + other
                        + ", this run has " + config.network());
            }
            return params;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot initialise from " + src + ": " + e.getMessage(), e);
        }
    }

    /** Starts a new run in an empty (or new) folder. */
    public static Trainer start(TrainConfig config, Path runDir, PrintStream out) throws IOException {
        return start(config, runDir, out, Map.of());
    }

    /** As above, with some kernels' weight centers given (e.g. allocated grids) instead of initialised here. */
    public static Trainer start(TrainConfig config, Path runDir, PrintStream out, Map<String, INDArray> weightCenters)
            throws IOException {
        Files.createDirectories(runDir);
        if (Files.exists(runDir.resolve(Checkpoint.FILE))) {
            throw new IOException(runDir + " already holds a checkpoint: use --resume to continue it");
        }
        config.save(runDir.resolve("config.properties"));
        Files.writeString(runDir.resolve("log.csv"), csvHeader(config) + "\n");
        return new Trainer(config, runDir, load(config, out), null, out, weightCenters);
    }

    /** Continues a run from its last checkpoint, optionally with a new total step count. */
    public static Trainer resume(Path runDir, Integer steps, PrintStream out) throws IOException {
        return resume(runDir, steps, null, out);
    }

    /**
     * Continues a run from its last checkpoint, optionally with a new total step count and with its
     * images read from {@code data} (the same images on another machine; null: the recorded folder).
     */
    public static Trainer resume(Path runDir, Integer steps, Path data, PrintStream out) throws IOException {
        TrainConfig config = TrainConfig.load(runDir.resolve("config.properties"));
        if (steps != null || data != null) {
            if (steps != null) config = config.withSteps(steps);
            if (data != null) config = config.withData(data.toAbsolutePath().normalize());
            config.save(runDir.resolve("config.properties"));
        }
        if (!Files.isDirectory(config.data())) {
            throw new IOException(config.data() + ": the run's training data folder is not here; give its images with --data");
        }
        Checkpoint ckpt = Checkpoint.load(runDir);
        truncateLog(runDir.resolve("log.csv"), ckpt.step(), csvHeader(config));
        out.printf("resuming %s at step %d of %d%n", runDir, ckpt.step(), config.steps());
        return new Trainer(config, runDir, load(config, out), ckpt, out, Map.of());
    }

    /** Drops log rows written after the checkpoint, so a resumed run logs every step once. */
    static void truncateLog(Path log, long step, String header) throws IOException {
        if (!Files.exists(log)) {
            if (header != null) Files.writeString(log, header + "\n");
            return;
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("step") || line.isBlank()) {
                if (line.startsWith("step")) kept.add(line);
                continue;
            }
            if (Long.parseLong(line.substring(0, line.indexOf(','))) <= step) kept.add(line);
        }
        Files.write(log, kept);
    }

    private static ImageFolder load(TrainConfig config, PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        ImageFolder folder = new ImageFolder(config.data(), config.validationEvery(), config.downscale(), config.maxSide());
        out.printf("data: %d training and %d validation images from %s (%.1f s)%n", folder.train().size(),
                folder.validation().size(), config.data(), (System.nanoTime() - t0) / 1e9);
        return folder;
    }

    public void run() throws IOException {
        Random rnd = new Random(config.seed() * 1_000_003L + step); // a resumed run draws fresh crops
        double lossMean = Double.NaN; // running mean of the step loss, to spot divergence
        int meanSteps = 0;
        Map<String, INDArray> grads = new HashMap<>();
        double[] acc = new double[6];
        int accCount = 0;
        long windowStart = System.nanoTime();
        runStart = System.nanoTime();
        wallAtRunStart = wallSeconds;
        // The session's start-up (JVM, data, graph) counts: a resumed run pays it again.
        cpuAtRunStart = cpuSeconds;
        processCpuAtRunStart = 0;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(config.steps())
                .startsFrom(step, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(2000)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
             BufferedWriter csv = Files.newBufferedWriter(runDir.resolve("log.csv"), StandardOpenOption.APPEND)) {
            while (step < config.steps()) {
                if (!centersInitialised && step >= config.warmupSteps()) initialiseCenters(rnd);
                TrainConfig.Phase phase = config.phase((int) step);
                INDArray batch = data.sample(rnd, config.batch(), config.crop());
                grads.clear();
                TrainingGraph.Outputs o = graph.step(batch, phase.sigma(), phase.hardMix(), phase.quantMix(),
                        config.weights().phase(step), codeLengths(batch, phase), grads);
                if (meanSteps >= 20 && isSpike(o.loss(), lossMean) && Files.exists(runDir.resolve(Checkpoint.FILE))) {
                    // A diverging step (one bad update can wreck hours of training): return to the
                    // last checkpoint and draw other crops, rather than train on from broken weights.
                    csv.flush();
                    rollBack(o.loss(), lossMean);
                    rnd = new Random(config.seed() * 1_000_003L + step + 7919L * rollbacks);
                    lossMean = Double.NaN;
                    meanSteps = 0;
                    java.util.Arrays.fill(acc, 0);
                    accCount = 0;
                    windowStart = System.nanoTime();
                    bar.stepTo(step);
                    continue;
                }
                if (!Double.isFinite(o.loss())) throw new IllegalStateException("loss is " + o.loss() + " at step " + step);
                // The loss legitimately jumps when the quantizer and rate term switch on after warm-up.
                if (step == config.warmupSteps()) meanSteps = 0;
                lossMean = meanSteps++ == 0 ? o.loss() : 0.98 * lossMean + 0.02 * o.loss();
                adam.apply(graph.parameters(), grads, phase.learningRate());
                step++;
                acc[0] += o.loss();
                acc[1] += o.distortion();
                acc[2] += o.mse();
                acc[3] += o.bitsPerSymbol();
                acc[4] += o.bpp();
                acc[5] += o.weightBits();
                accCount++;
                // Native buffers are freed only when the Java GC runs (nd4j.md): keep RSS flat.
                if (step % 5 == 0) System.gc();

                boolean stopNow = (wallBudget > 0 && wallSeconds() >= wallBudget)
                        || (cpuBudget > 0 && cpuSeconds() >= cpuBudget)
                        || Files.exists(runDir.resolve(STOP_FILE));
                boolean validate = step % config.validateEvery() == 0 || step == config.steps() || stopNow;
                if (step % config.logEvery() == 0 || validate) {
                    double seconds = (System.nanoTime() - windowStart) / 1e9;
                    double ips = accCount * config.batch() / seconds;
                    Validation v = validate ? validate() : null;
                    boolean wq = config.weights().enabled();
                    csv.write(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.5f,%.5f,%.4f,%.3f,%.2e,%s,%s,%s%.2f,%.1f,%d,%s,%.1f%n",
                            step, acc[0] / accCount, acc[1] / accCount, acc[2] / accCount, acc[3] / accCount,
                            acc[4] / accCount, phase.sigma(), phase.hardMix(), phase.learningRate(),
                            v == null ? "" : String.format(Locale.ROOT, "%.3f", v.psnr()),
                            v == null ? "" : String.format(Locale.ROOT, "%.4f", v.bpp()),
                            wq ? String.format(Locale.ROOT, "%.4f,", acc[5] / accCount) : "", ips,
                            wallSeconds(), step * config.batch(),
                            v == null ? "" : String.format(Locale.ROOT, "%.4f", v.estimatedBpp()), cpuSeconds()));
                    csv.flush();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.1f  %.2f dB  %.3f bpp%s  %.1f img/s",
                            acc[0] / accCount, Metrics.psnr(acc[2] / accCount),
                            acc[4] / accCount, wq ? String.format(Locale.ROOT, "  %.2f bits/weight", acc[5] / accCount) : "",
                            ips));
                    java.util.Arrays.fill(acc, 0);
                    accCount = 0;
                    windowStart = System.nanoTime();
                }
                if (step % config.checkpointEvery() == 0 || step == config.steps() || stopNow) checkpoint();
                bar.stepTo(step);
                afterStep.accept(this);
                if (stopNow) {
                    Files.deleteIfExists(runDir.resolve(STOP_FILE));
                    out.printf("%nstopped at step %d after %.0f s of training (%s)%n", step, wallSeconds(),
                            wallBudget > 0 && wallSeconds() >= wallBudget ? "wall budget"
                                    : cpuBudget > 0 && cpuSeconds() >= cpuBudget ? "CPU budget" : "stop file");
                    break;
                }
            }
        }
    }

    private static boolean isSpike(double loss, double mean) {
        return !Double.isNaN(mean) && (!Double.isFinite(loss) || loss > SPIKE_FACTOR * mean);
    }

    /** Restores weights, centers and optimizer from the last checkpoint, and drops the log rows after it. */
    private void rollBack(double loss, double mean) throws IOException {
        if (++rollbacks > MAX_ROLLBACKS) {
            throw new IllegalStateException("training diverged " + rollbacks + " times (last at step " + step
                    + ", loss " + loss + "): lower the learning rate and resume");
        }
        Checkpoint ckpt = Checkpoint.load(runDir);
        Map<String, INDArray> live = graph.parameters();
        ckpt.params().forEach((k, v) -> {
            if (live.containsKey(k)) live.get(k).assign(v);
        });
        adam.restore(ckpt.adam(), ckpt.step());
        if (contextRate != null) contextRate.restore(ckpt.rate());
        centersInitialised = ckpt.centersInitialised();
        out.printf("%nstep %d: loss %.1f is over %.0f× its running mean %.1f: rolled back to the step-%d checkpoint "
                + "(rollback %d of at most %d)%n", step, loss, SPIKE_FACTOR, mean, ckpt.step(), rollbacks, MAX_ROLLBACKS);
        step = ckpt.step();
        truncateLog(runDir.resolve("log.csv"), step, csvHeader(config));
    }

    public int rollbacks() {
        return rollbacks;
    }

    /** k-means of warm-up latents becomes the initial centers (method.md: better than uniform). */
    private void initialiseCenters(Random rnd) {
        NetworkConfig net = config.network();
        int d = net.vectorDim();
        int batches = 8;
        float[][] parts = new float[batches][];
        int total = 0;
        for (int b = 0; b < batches; b++) {
            INDArray z = graph.latent(data.sample(rnd, config.batch(), config.crop()));
            // [B,C,h,w] -> rows of d consecutive channels, as the quantizer groups them.
            INDArray rows = z.permute(0, 2, 3, 1).dup('c').reshape(-1, d);
            parts[b] = rows.data().asFloat();
            total += parts[b].length;
        }
        float[] points = new float[total];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, points, off, p.length);
            off += p.length;
        }
        float[] c = KMeans.fit(points, d, net.centers(), 25);
        graph.parameters().get(TrainingGraph.CENTERS).assign(Nd4j.create(c, new long[] {net.centers(), d}, 'c'));
        centersInitialised = true;
        out.printf("%nstep %d: centers initialised by k-means on %d latent vectors: %s%n", step, points.length / d,
                java.util.Arrays.toString(c));
    }

    /**
     * Validation through the inference path: analysis, hard quantization in Java, synthesis, 8-bit
     * rounding. bpp is the context coder's real output for the symbols (payload only), coded with the
     * priors this model would ship with: a context-rate run's learned tables, otherwise priors measured
     * on {@value #PRIOR_CROPS} training crops. The estimate is the training rate term in its hard form:
     * the symbols' code length under those tables, or their order-0 entropy.
     */
    public Validation validate() {
        NetworkConfig net = config.network();
        Map<String, INDArray> params = graph.inferenceParameters();
        float[] centers = Quantizer.sortedCenters(params.get(TrainingGraph.CENTERS).data().asFloat(), net.vectorDim());
        Transform analysis = Transform.analysis(net, params);
        Transform synthesis = Transform.synthesis(net, params);
        CoderParams coder = CoderParams.defaults();
        ContextRate rate = contextRate != null ? contextRate : measuredRate(analysis, centers);
        ContextPriors priors = rate.priors();
        double[][] len = ContextRate.codeLengths(priors);
        double psnrSum = 0;
        double bppSum = 0;
        double estSum = 0;
        for (ImageFolder.Rgb img : data.validation()) {
            INDArray x = ImageFolder.centerCrop(img, config.validationCrop());
            int h = (int) x.size(2);
            int w = (int) x.size(3);
            HardRoundTrip r = HardRoundTrip.of(analysis, synthesis, x, centers, net.vectorDim());
            psnrSum += psnr8bit(x, r.xhat());
            SymbolTensor t = SymbolTensor.of(new SymbolShape(net.symbolChannels(), r.latentHeight(), r.latentWidth()),
                    net.centers(), r.symbols());
            bppSum += LatentCoder.encode(t, priors, coder).length * 8.0 / (w * h);
            double bits = contextRate != null
                    ? ContextRate.bits(rate.code(HardRoundTrip.latent(analysis, x), r.latentHeight(), r.latentWidth(), centers), len)
                    : order0Bits(r.symbols(), net.centers());
            estSum += bits / (w * h);
        }
        int n = data.validation().size();
        return n == 0 ? new Validation(Double.NaN, Double.NaN, Double.NaN)
                : new Validation(psnrSum / n, bppSum / n, estSum / n);
    }

    /** Context tables filled from the symbols of {@value #PRIOR_CROPS} training crops (same crops every time). */
    private ContextRate measuredRate(Transform analysis, float[] sortedCenters) {
        ContextRate rate = new ContextRate(config.network(), CoderParams.defaults(), Integer.MAX_VALUE);
        Random rnd = new Random(config.seed() + 17);
        for (int i = 0; i < PRIOR_CROPS; i += 16) {
            INDArray z = analysis.apply(data.sample(rnd, Math.min(16, PRIOR_CROPS - i), config.crop()));
            rate.addBatch(z, sortedCenters);
        }
        return rate;
    }

    /** Bits of the symbols under their own histogram (order-0 entropy). */
    static double order0Bits(int[] symbols, int alphabet) {
        long[] n = new long[alphabet];
        for (int s : symbols) n[s]++;
        double bits = 0;
        for (long k : n) if (k > 0) bits -= k * Math.log((double) k / symbols.length) / Math.log(2);
        return bits;
    }

    /** Code lengths for a training batch ({@link RateModel#CONTEXT} only; null otherwise). */
    private INDArray codeLengths(INDArray batch, TrainConfig.Phase phase) {
        if (contextRate == null) return null;
        NetworkConfig net = config.network();
        if (phase.quantMix() == 0 || !centersInitialised) {
            long positions = batch.size(0) * (batch.size(2) / NetworkConfig.STRIDE) * (batch.size(3) / NetworkConfig.STRIDE);
            return Nd4j.zeros(DataType.FLOAT, positions, net.symbolChannels(), net.centers());
        }
        return contextRate.stepLengths(graph.latent(batch), graph.parameters().get(TrainingGraph.CENTERS).data().asFloat());
    }

    static double psnr8bit(INDArray x, INDArray xhat) {
        float[] a = x.dup('c').data().asFloat();
        float[] b = xhat.dup('c').data().asFloat();
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            int pa = Math.round(a[i] * 255f);
            int pb = Math.round(Math.min(1f, Math.max(0f, b[i])) * 255f);
            se += (double) (pa - pb) * (pa - pb);
        }
        double mse = se / a.length;
        return mse == 0 ? 100 : Metrics.psnr(mse); // 100 dB: a finite stand-in, so means stay finite
    }

    private void checkpoint() throws IOException {
        Map<String, INDArray> params = new LinkedHashMap<>(graph.parameters());
        new Checkpoint(step, centersInitialised, wallSeconds(), cpuSeconds(), params, adam.state(),
                contextRate == null ? Map.of() : contextRate.state()).save(runDir);
    }

    /** The learned rate tables' priors of a context-rate run; null for an order-0 run. */
    public ContextPriors learnedPriors() {
        return contextRate == null ? null : contextRate.priors();
    }

    public long step() {
        return step;
    }

    public TrainingGraph graph() {
        return graph;
    }
}
