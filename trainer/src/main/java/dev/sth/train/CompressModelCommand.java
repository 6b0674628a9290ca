package dev.sth.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.ChannelScales;
import dev.sth.model.ModelBundle;
import dev.sth.model.QuantizedWeights;
import dev.sth.model.TensorIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compress-model}: the paper's network-compression application, on the codec's own models.
 * Fine-tunes a bundle with every kernel relaxed towards per-layer centers (entropy-penalised,
 * σ annealed soft to hard) and exports the result with entropy-coded weights. Two baselines, for
 * measurement only, store the dequantized weights in float32 and report the size a packed
 * fixed-length form would take.
 */
@Command(name = "compress-model", mixinStandardHelpOptions = true,
        description = {"Compresses a model's weights with soft-to-hard vector quantization (docs/MODELS.md).",
                "Methods: soft-to-hard (fine-tune with an entropy penalty, then entropy-code; --steps 0 is",
                "k-means + entropy coding), and the baselines uniform8 and kmeans-fixed."})
final class CompressModelCommand implements Callable<Integer> {

    enum Method { SOFT_TO_HARD, UNIFORM8, KMEANS_FIXED }

    // Defaults: the soft-to-hard setting measured in docs/RESULTS.md (s2h16: 8.4× at 300 steps).
    @Option(names = "--model", required = true, description = "bundle folder to compress (needs analysis.sthm)")
    Path model;
    @Option(names = "--out", required = true, description = "folder for the compressed bundle")
    Path out;
    @Option(names = "--name", description = "model name (default: the source model's)")
    String name;
    @Option(names = "--method", defaultValue = "SOFT_TO_HARD", converter = MethodConverter.class,
            description = "soft-to-hard, uniform8 or kmeans-fixed (default: soft-to-hard)")
    Method method;
    @Option(names = "--d", defaultValue = "1", description = "weights per quantized vector (default: ${DEFAULT-VALUE})")
    int d;
    @Option(names = "--centers", defaultValue = "16", description = "L, centers per layer (default: ${DEFAULT-VALUE})")
    int centers;
    @Option(names = "--grid-step", defaultValue = "0", description = "0: k-means initial centers; > 0: a uniform grid of this step × each kernel's RMS, at most --centers + 1 points (default: ${DEFAULT-VALUE})")
    double gridStep;
    @Option(names = "--allocate", defaultValue = "0", paramLabel = "DB",
            description = "> 0: a uniform grid per kernel, steps allocated by measured sensitivity so that the quantized "
                    + "model loses this much mean PSNR (MS-SSIM dB for an MS-SSIM model) on held-out training images before "
                    + "any fine-tune (d = 1; --centers caps "
                    + "the grid, default 16 is raised to 4096)")
    double allocateDb;
    @Option(names = "--straight-through", description = "with --allocate: fine-tune on the fixed grids, hard from the "
            + "first step with straight-through gradients (no soft phase, no entropy term; per step L× cheaper)")
    boolean straightThrough;
    @Option(names = "--channel-scales", arity = "0..1", fallbackValue = "0.5", defaultValue = "0", paramLabel = "POWER",
            description = "with --allocate: scale each kernel's grid step per input and output channel by what a weight "
                    + "error there costs (estimated from gradients; one byte per channel); POWER < 1 tempers the "
                    + "multipliers towards one step per kernel (default when given: 0.5, the measured best)")
    double channelScales;
    @Option(names = "--beta", defaultValue = "30", description = "weight of bits per weight in the loss (default: ${DEFAULT-VALUE})")
    double beta;
    @Option(names = "--steps", defaultValue = "300", description = "fine-tuning steps, 0 = k-means only (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--anneal-steps", description = "steps from soft to hard (default: half of --steps)")
    Integer annealSteps;
    @Option(names = "--sigma0", defaultValue = "100", description = "initial σ of the weight quantizer (default: ${DEFAULT-VALUE})")
    double sigma0;
    @Option(names = "--sigma1", defaultValue = "10000", description = "final σ (default: ${DEFAULT-VALUE})")
    double sigma1;
    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--latent-sigma", description = "σ of the latent quantizer's rate estimate during the fine-tune "
            + "(default: the model's training σ from its info, else 8; its MANIFEST.md has it)")
    Double latentSigma;
    @Option(names = "--data", defaultValue = "../shared/data/train", description = "training images (default: ${DEFAULT-VALUE})")
    Path data;
    @Option(names = "--run", description = "run folder for the fine-tune (default: OUT.run); resumed if it holds a checkpoint")
    Path run;
    @Option(names = "--prior-images", defaultValue = "150", description = "images to measure context priors on (default: ${DEFAULT-VALUE})")
    int priorImages;
    @Option(names = "-f", description = "replace an existing bundle in --out")
    boolean force;

    static final class MethodConverter implements picocli.CommandLine.ITypeConverter<Method> {
        @Override
        public Method convert(String v) {
            return Method.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (straightThrough && allocateDb <= 0) throw usage("--straight-through needs --allocate");
        if (channelScales != 0 && !straightThrough) throw usage("--channel-scales needs --allocate and --straight-through");
        if (channelScales < 0 || channelScales > 1) throw usage("--channel-scales takes a power in (0, 1]");
        if (allocateDb > 0 && (d != 1 || method != Method.SOFT_TO_HARD)) {
            throw usage("--allocate needs --d 1 and the soft-to-hard method (a scalar grid per kernel)");
        }
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
                Trainer.initialiseWeightCenters(params, wc, System.out);
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
            result = ExportCommand.bundle(outName, cfg, params, priorImages, info, TensorIO.FLOAT16).bundle();
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
            result = ExportCommand.bundle(outName, cfg, params, priorImages, info, TensorIO.FLOAT32).bundle();
            storedBytes = packed;
        }
        Properties finalInfo = result.info();
        finalInfo.setProperty("compression.float32Bytes", Long.toString(float32Bytes));
        finalInfo.setProperty("compression.storedBytes", Long.toString(storedBytes));
        finalInfo.setProperty("compression.factor", String.format(Locale.ROOT, "%.2f", float32Bytes / (double) storedBytes));
        result = result.withInfo(finalInfo);
        result.save(out);
        Manifest.writeCompressed(out, result, model, commandLine());
        System.out.printf(Locale.ROOT, "%s: %s, weights %d bytes as float32 -> %d bytes (%.2f×)%s%n", outName,
                finalInfo.getProperty("compression.method"), float32Bytes, storedBytes, float32Bytes / (double) storedBytes,
                method == Method.SOFT_TO_HARD ? "" : " if packed (stored here as float32 for measurement)");
        return 0;
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
        Trainer t = resume ? Trainer.resume(runDir, null, System.out) : Trainer.start(cfg, runDir, System.out, centers);
        t.run();
        return t.graph().parameters();
    }

    /**
     * Per-kernel grid centers from {@link WeightAllocation}, calibrated on the training set's held-out
     * validation images (central 256² crops, as the trainer validates).
     */
    private Map<String, INDArray> allocate(ModelBundle source, Map<String, INDArray> params, TrainConfig cfg,
                                           Properties info) throws IOException {
        ImageFolder folder = new ImageFolder(cfg.data(), cfg.validationEvery(), cfg.downscale());
        // Too few images for a held-out split (tiny data sets): calibrate on training images instead.
        boolean heldOut = !folder.validation().isEmpty();
        java.util.List<INDArray> images = (heldOut ? folder.validation() : folder.train()).stream().limit(16)
                .map(img -> ImageFolder.centerCrop(img, cfg.validationCrop())).toList();
        System.out.printf(Locale.ROOT, "allocating grid steps for a %.3f dB loss on %d %s images%n",
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
                source.centers(), images, System.out);
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
        System.out.printf("%-28s %22s %22s%n", "channel scales", "in: min..max (dropped)", "out: min..max (dropped)");
        scales.forEach((k, s) -> System.out.printf(Locale.ROOT, "%-28s %22s %22s%n", k, range(s.inValues()), range(s.outValues())));
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

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    private int maxCenters() {
        return allocateDb > 0 && centers == 16 ? 4096 : centers;
    }

    /** The source model's rate-distortion objective, latent quantizer hard, plus weight compression. */
    private TrainConfig config(ModelBundle source, WeightCompression wc) {
        Properties i = source.info();
        Distortion dist = Distortion.valueOf(i.getProperty("train.distortion", "MSE"));
        double latentBeta = Double.parseDouble(i.getProperty("train.beta", "0"));
        double target = Double.parseDouble(i.getProperty("train.targetBpp", "0"));
        int validateEvery = Math.max(1, Math.min(steps, 100));
        double sigma = latentSigma != null ? latentSigma : Double.parseDouble(i.getProperty("train.sigma", "8"));
        return new TrainConfig(source.network(), data.toAbsolutePath().normalize(), 26, 0.75, 96, 8, steps, 0, 0,
                sigma, sigma, lr, 0.8, dist, latentBeta, target, 1, 50, validateEvery, 100, 256, model.toString(), wc);
    }

    private static void printLayers(Map<String, QuantizedWeights> q) throws IOException {
        System.out.printf("%-28s %9s %8s %10s%n", "kernel", "weights", "centers", "bits/wt");
        long bytes = 0;
        long n = 0;
        for (Map.Entry<String, QuantizedWeights> e : q.entrySet()) {
            QuantizedWeights w = e.getValue();
            long used = java.util.Arrays.stream(w.symbols()).distinct().count();
            int size = w.storedSize();
            System.out.printf(Locale.ROOT, "%-28s %9d %4d/%-3d %10.3f%n", e.getKey(), w.symbols().length * w.vectorDim(),
                    used, w.centerCount(), size * 8.0 / (w.symbols().length * w.vectorDim()));
            bytes += size;
            n += (long) w.symbols().length * w.vectorDim();
        }
        System.out.printf(Locale.ROOT, "%-28s %9d %8s %10.3f%n", "all kernels", n, "", bytes * 8.0 / n);
    }

    private String commandLine() {
        StringBuilder b = new StringBuilder("java -jar trainer/target/sth-trainer.jar compress-model --model ")
                .append(model).append(" --out ").append(out).append(name == null ? "" : " --name " + name)
                .append(" --data ").append(data).append(" --method ")
                .append(method.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .append(" --centers ").append(centers).append(" --d ").append(d)
                .append(gridStep > 0 ? " --grid-step " + gridStep : "")
                .append(allocateDb > 0 ? " --allocate " + allocateDb : "")
                .append(straightThrough ? " --straight-through" : "")
                .append(channelScales > 0 ? " --channel-scales " + channelScales : "")
                .append(latentSigma != null ? " --latent-sigma " + latentSigma : "");
        if (method == Method.SOFT_TO_HARD) {
            b.append(" --beta ").append(beta).append(" --steps ").append(steps).append(" --sigma0 ").append(sigma0)
                    .append(" --sigma1 ").append(sigma1).append(" --lr ").append(lr);
        }
        return b.toString();
    }
}
