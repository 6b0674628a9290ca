package dev.sth.compress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.io.PrintStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.eval.Images;
import dev.sth.export.BundleExport;
import dev.sth.export.Manifest;
import dev.sth.metrics.Distortion;
import dev.sth.model.Adam;
import dev.sth.model.ChannelScales;
import dev.sth.model.ModelBundle;
import dev.sth.model.QuantizedWeights;
import dev.sth.model.TensorIO;
import dev.sth.train.Checkpoint;
import dev.sth.train.ImageFolder;
import dev.sth.train.TrainConfig;
import dev.sth.train.Trainer;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;

/**
 * The paper's network-compression application, on the codec's own models: fine-tunes a bundle with
 * every kernel relaxed towards per-layer centers (entropy-penalised, σ annealed soft to hard), or on
 * grids allocated by measured sensitivity, and exports the result with entropy-coded weights. Two
 * baselines, for measurement only, store the dequantized weights in float32 and report the size a
 * packed fixed-length form would take. {@code compress-model} is its command line.
 */
public final class ModelCompression {

    public enum Method { SOFT_TO_HARD, UNIFORM8, KMEANS_FIXED }

    /** Centers per kernel when none are given: 16, or 4096 for allocated grids (which --centers caps). */
    public static final int DEFAULT_CENTERS = 16;
    public static final int DEFAULT_ALLOCATED_CENTERS = 4096;
    /** Training images the context priors are measured on when none are given (export's default is all of them). */
    public static final int DEFAULT_PRIOR_IMAGES = 150;

    /**
     * Everything {@code compress-model} takes (docs/MODELS.md, "Compressed weights"); {@code centers} is
     * already resolved (see {@link #DEFAULT_CENTERS}), {@code annealSteps}, {@code latentSigma},
     * {@code name} and {@code run} may be null for their defaults.
     */
    public record Settings(Path model, Path out, String name, Method method, int d, int centers, double gridStep, double allocateDb, boolean straightThrough, double channelScales, double beta, int steps, Integer annealSteps, double sigma0, double sigma1, double lr, Double latentSigma, Path data, Path run, int priorImages, boolean force) {
    }

    private final Path model;
    private final Path out;
    private final String name;
    private final Method method;
    private final int d;
    private final int centers;
    private final double gridStep;
    private final double allocateDb;
    private final boolean straightThrough;
    private final double channelScales;
    private final double beta;
    private final int steps;
    private final Integer annealSteps;
    private final double sigma0;
    private final double sigma1;
    private final double lr;
    private final Double latentSigma;
    private final Path data;
    private final Path run;
    private final int priorImages;
    private final boolean force;
    private final String commandLine;
    private final PrintStream stdout;

    /** @param commandLine the command as it ran, for the manifest */
    public ModelCompression(Settings s, String commandLine, PrintStream stdout) {
        this.model = s.model();
        this.out = s.out();
        this.name = s.name();
        this.method = s.method();
        this.d = s.d();
        this.centers = s.centers();
        this.gridStep = s.gridStep();
        this.allocateDb = s.allocateDb();
        this.straightThrough = s.straightThrough();
        this.channelScales = s.channelScales();
        this.beta = s.beta();
        this.steps = s.steps();
        this.annealSteps = s.annealSteps();
        this.sigma0 = s.sigma0();
        this.sigma1 = s.sigma1();
        this.lr = s.lr();
        this.latentSigma = s.latentSigma();
        this.data = s.data();
        this.run = s.run();
        this.priorImages = s.priorImages();
        this.force = s.force();
        this.commandLine = commandLine;
        this.stdout = stdout;
    }

    /** Compresses, saves the bundle and its manifest in {@code out}, and returns it. */
    public ModelBundle run() throws IOException {
        if (Files.exists(out.resolve(ModelBundle.SYNTHESIS_FILE)) && !force) {
            throw new IOException(out + " already holds a model: pass -f to replace it");
        }
        ModelBundle source = ModelBundle.load(model, true);
        String outName = name == null ? source.name() : name;
        Map<String, INDArray> params = new LinkedHashMap<>();
        source.allWeights().forEach((k, v) -> params.put(k, v.dup()));
        params.put(TrainingGraph.CENTERS, Nd4j.create(source.centers(),
                new long[] {source.network().centers(), source.network().vectorDim()}, 'c'));
        Properties info = source.info();
        info.stringPropertyNames().stream().filter(k -> k.startsWith("kodak.") || k.startsWith("b100."))
                .forEach(info::remove); // those results belong to the uncompressed model
        info.setProperty("compression.method", method.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        // (soft-to-hard with --steps 0 is k-means or grid + entropy coding: compression.steps says which)
        info.setProperty("compression.from", source.name() + " " + source.id().sha256Hex());
        long float32Bytes = 4L * source.allWeights().values().stream().mapToLong(INDArray::length).sum();

        ModelBundle result;
        long storedBytes;
        if (method == Method.SOFT_TO_HARD) {
            WeightCompression wc = new WeightCompression(maxCenters(), d, beta, sigma0, sigma1,
                    annealSteps != null ? annealSteps : steps / 2, gridStep, straightThrough);
            TrainConfig cfg = config(source, wc);
            Map<String, INDArray> allocated = allocateDb > 0 ? allocate(source, params, cfg, info) : Map.of();
            if (steps > 0) {
                params.putAll(fineTune(cfg, allocated));
            } else {
                params.putAll(allocated);
                Trainer.initialiseWeightCenters(params, wc, stdout);
            }
            info.setProperty("compression.centers", Integer.toString(maxCenters()));
            if (gridStep > 0) info.setProperty("compression.gridStep", Double.toString(gridStep));
            info.setProperty("compression.vectorDim", Integer.toString(d));
            info.setProperty("compression.beta", Double.toString(steps > 0 ? beta : 0));
            info.setProperty("compression.steps", Integer.toString(steps));
            if (straightThrough) {
                info.setProperty("compression.straightThrough", "true");
                info.setProperty("compression.method", "allocated-grid");
            }
            result = BundleExport.bundle(outName, cfg, params, priorImages, info, TensorIO.FLOAT16).bundle();
            storedBytes = result.storedWeightBytes();
            printLayers(result.quantizedWeights());
        } else {
            long packed = 0;
            for (String k : params.keySet().toArray(new String[0])) {
                if (!WeightCompression.compresses(k)) {
                    if (!k.equals(TrainingGraph.CENTERS)) packed += 2L * params.get(k).length(); // biases: float16
                    continue;
                }
                float[] w = params.get(k).dup('c').data().asFloat();
                float[] q = method == Method.UNIFORM8 ? Baselines.uniform(w, 8) : Baselines.kmeans(w, centers);
                params.put(k, Nd4j.create(q, params.get(k).shape(), 'c'));
                packed += method == Method.UNIFORM8 ? Baselines.uniformBytes(w.length, 8)
                        : Baselines.fixedLengthBytes(w.length, centers);
            }
            info.setProperty("compression.centers", Integer.toString(method == Method.UNIFORM8 ? 256 : centers));
            TrainConfig cfg = config(source, WeightCompression.NONE);
            result = BundleExport.bundle(outName, cfg, params, priorImages, info, TensorIO.FLOAT32).bundle();
            storedBytes = packed;
        }
        Properties finalInfo = result.info();
        finalInfo.setProperty("compression.float32Bytes", Long.toString(float32Bytes));
        finalInfo.setProperty("compression.storedBytes", Long.toString(storedBytes));
        finalInfo.setProperty("compression.factor", String.format(Locale.ROOT, "%.2f", float32Bytes / (double) storedBytes));
        result = result.withInfo(finalInfo);
        result.save(out);
        Manifest.writeCompressed(out, result, model, commandLine);
        stdout.printf(Locale.ROOT, "%s: %s, weights %d bytes as float32 -> %d bytes (%.2f×)%s%n", outName,
                finalInfo.getProperty("compression.method"), float32Bytes, storedBytes, float32Bytes / (double) storedBytes,
                method == Method.SOFT_TO_HARD ? "" : " if packed (stored here as float32 for measurement)");
        return result;
    }

    /** A fine-tuning run of the source model with weight compression on; resumes an interrupted one. */
    private Map<String, INDArray> fineTune(TrainConfig cfg, Map<String, INDArray> centers) throws IOException {
        Path runDir = run != null ? run : out.resolveSibling(out.getFileName() + ".run");
        boolean resume = Files.exists(runDir.resolve(Checkpoint.FILE));
        if (resume) {
            // Resuming is only right for the same fine-tune: other settings would silently be ignored.
            TrainConfig existing = TrainConfig.load(runDir.resolve("config.properties"));
            if (!existing.equals(cfg)) {
                throw new IOException(runDir + " holds a fine-tune with other settings (" + existing.weights() + ", "
                        + existing.steps() + " steps); remove it or pass another --run");
            }
        }
        Trainer t = resume ? Trainer.resume(runDir, null, stdout) : Trainer.start(cfg, runDir, stdout, centers);
        t.run();
        return t.graph().parameters();
    }

    /**
     * Per-kernel grid centers from {@link WeightAllocation}, calibrated on the training set's held-out
     * validation images (central 256² crops, as the trainer validates).
     */
    private Map<String, INDArray> allocate(ModelBundle source, Map<String, INDArray> params, TrainConfig cfg,
                                           Properties info) throws IOException {
        ImageFolder folder = new ImageFolder(cfg.data(), cfg.validationEvery(), cfg.downscale(), cfg.maxSide());
        // Too few images for a held-out split (tiny data sets): calibrate on training images instead.
        boolean heldOut = !folder.validation().isEmpty();
        java.util.List<INDArray> images = (heldOut ? folder.validation() : folder.train()).stream().limit(16)
                .map(img -> ImageFolder.centerCrop(img, cfg.validationCrop())).toList();
        stdout.printf(Locale.ROOT, "allocating grid steps for a %.3f dB loss on %d %s images%n",
                allocateDb, images.size(), heldOut ? "held-out training" : "training");
        Map<String, ChannelScales> scales = new LinkedHashMap<>();
        Map<String, float[]> multipliers = new LinkedHashMap<>();
        if (channelScales > 0) {
            // Which channels matter is estimated on more images than the calibration (training images too):
            // a channel that 16 crops never use may still be needed elsewhere.
            List<INDArray> probes = new java.util.ArrayList<>(images);
            folder.train().stream().limit(SENSITIVITY_IMAGES - images.size())
                    .map(img -> ImageFolder.centerCrop(img, cfg.validationCrop())).forEach(probes::add);
            new ChannelSensitivity(source.network(), params, source.centers()).diagonal(probes, cfg.seed()).forEach((k, d) -> {
                ChannelScales s = ChannelSensitivity.scales(d, channelScales);
                scales.put(k, s);
                multipliers.put(k, s.perElement(d.length()));
            });
            printScales(scales);
        }
        WeightAllocation allocation = new WeightAllocation(source.network(), params, multipliers, cfg.distortion(),
                source.centers(), images, stdout);
        WeightAllocation.Result r = allocation.allocate(allocateDb);
        Map<String, INDArray> centers = new LinkedHashMap<>();
        r.kernels().forEach((k, kernel) -> {
            float[] w = allocation.scaled(k);
            ChannelScales s = scales.get(k);
            if (s != null) {
                centers.put(WeightCompression.scaleInOf(k), Nd4j.create(s.inValues(), new long[] {s.in().length}, 'c'));
                centers.put(WeightCompression.scaleOutOf(k), Nd4j.create(s.outValues(), new long[] {s.out().length}, 'c'));
            }
            float[] c = WeightCompression.gridCenters(w, kernel.step());
            if (c.length > maxCenters()) {
                throw new IllegalArgumentException(k + ": the allocated grid needs " + c.length + " centers, over --centers "
                        + maxCenters() + "; raise --centers or --allocate");
            }
            centers.put(WeightCompression.centersOf(k), Nd4j.create(c, new long[] {c.length, 1}, 'c'));
        });
        info.setProperty("compression.allocateDb", Double.toString(allocateDb));
        if (channelScales > 0) info.setProperty("compression.channelScales", Double.toString(channelScales));
        info.setProperty("compression.calibrationLossDb", String.format(Locale.ROOT, "%.4f", r.lossDb()));
        return centers;
    }

    /** Per kernel: the spread of its channel multipliers, and how many channels it drops (largest step). */
    private void printScales(Map<String, ChannelScales> scales) {
        stdout.printf("%-28s %22s %22s%n", "channel scales", "in: min..max (dropped)", "out: min..max (dropped)");
        scales.forEach((k, s) -> stdout.printf(Locale.ROOT, "%-28s %22s %22s%n", k, range(s.inValues()), range(s.outValues())));
    }

    private String range(float[] v) {
        double hiLimit = Math.pow(ChannelSensitivity.MAX_GROW, channelScales);
        float lo = Float.MAX_VALUE;
        float hi = 0;
        int dropped = 0;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
            if (x >= 0.99 * hiLimit) dropped++;
        }
        return String.format(Locale.ROOT, "%.2f..%.2f (%d)", lo, hi, dropped);
    }

    /** Images for the channel-cost estimate (one backward pass each). */
    private static final int SENSITIVITY_IMAGES = 64;


    private int maxCenters() {
        return centers;
    }

    // The fine-tune trains as the shipped models were trained (docs/MODELS.md), hard from the first step.
    static final int VALIDATION_EVERY = 26;
    static final double DOWNSCALE = 0.75;
    static final int CROP = 96;
    static final int BATCH = 8;
    static final double DECAY_FROM = 0.8;
    static final long SEED = 1;
    static final int LOG_EVERY = 50;
    static final int VALIDATE_AT_MOST_EVERY = 100;
    static final int CHECKPOINT_EVERY = 100;
    static final int VALIDATION_CROP = 256;
    /** σ of the latent quantizer when the source records none (the shipped models' training σ). */
    static final double DEFAULT_LATENT_SIGMA = 8;

    /** The source model's rate-distortion objective, latent quantizer hard, plus weight compression. */
    private TrainConfig config(ModelBundle source, WeightCompression wc) {
        Properties i = source.info();
        Distortion dist = Distortion.valueOf(i.getProperty("train.distortion", "MSE"));
        double latentBeta = Double.parseDouble(i.getProperty("train.beta", "0"));
        double target = Double.parseDouble(i.getProperty("train.targetBpp", "0"));
        int validateEvery = Math.max(1, Math.min(steps, VALIDATE_AT_MOST_EVERY));
        double sigma = latentSigma != null ? latentSigma
                : Double.parseDouble(i.getProperty("train.sigma", Double.toString(DEFAULT_LATENT_SIGMA)));
        return new TrainConfig(source.network(), data.toAbsolutePath().normalize(), VALIDATION_EVERY, DOWNSCALE, CROP, BATCH,
                steps, 0, 0, sigma, sigma, lr, DECAY_FROM, dist, latentBeta, target, SEED, LOG_EVERY, validateEvery,
                CHECKPOINT_EVERY, VALIDATION_CROP, model.toString(), wc);
    }

    private void printLayers(Map<String, QuantizedWeights> q) throws IOException {
        stdout.printf("%-28s %9s %8s %10s%n", "kernel", "weights", "centers", "bits/wt");
        long bytes = 0;
        long n = 0;
        for (Map.Entry<String, QuantizedWeights> e : q.entrySet()) {
            QuantizedWeights w = e.getValue();
            long used = java.util.Arrays.stream(w.symbols()).distinct().count();
            int size = w.storedSize();
            stdout.printf(Locale.ROOT, "%-28s %9d %4d/%-3d %10.3f%n", e.getKey(), w.symbols().length * w.vectorDim(),
                    used, w.centerCount(), size * 8.0 / (w.symbols().length * w.vectorDim()));
            bytes += size;
            n += (long) w.symbols().length * w.vectorDim();
        }
        stdout.printf(Locale.ROOT, "%-28s %9d %8s %10.3f%n", "all kernels", n, "", bytes * 8.0 / n);
    }

}
