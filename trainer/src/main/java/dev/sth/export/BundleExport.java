package dev.sth.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.io.PrintStream;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.encoder.SthEncoder;
import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.QuantizedWeights;
import dev.sth.model.Quantizer;
import dev.sth.model.TensorIO;
import me.tongfei.progressbar.ProgressBar;
import dev.sth.train.Checkpoint;
import dev.sth.train.ContextRate;
import dev.sth.train.ImageFolder;
import dev.sth.train.RateModel;
import dev.sth.train.TrainConfig;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;

/**
 * Turns a training run into a model bundle: its weights and centers as the codec stores them, and the
 * context priors the coder starts from (measured on the run's training images through the stored weights,
 * or a context-rate run's learned tables); then its manifest (docs/MODELS.md).
 */
public final class BundleExport {

    private BundleExport() {
    }

    /**
     * Exports the last checkpoint of {@code run} as bundle {@code out/name}, with its manifest and index entry.
     *
     * @param priorImages   training images to measure priors on, 0 = all
     * @param measurePriors a context-rate run: measure priors instead of storing its learned tables
     * @param force         replace an existing bundle of that name
     */
    public static ModelBundle export(Path run, String name, Path out, String family, int level, boolean float32,
                                     int priorImages, boolean measurePriors, boolean force, PrintStream stdout)
            throws IOException {
        TrainConfig cfg = TrainConfig.load(run.resolve("config.properties"));
        Checkpoint ckpt = Checkpoint.load(run);
        Path dir = out.resolve(name);
        if (Files.exists(dir.resolve(ModelBundle.SYNTHESIS_FILE)) && !force) {
            throw new IOException(dir + " already holds a model: pass -f to replace it");
        }
        Properties info = new Properties();
        info.setProperty("family", family);
        info.setProperty("level", Integer.toString(level));
        info.setProperty("train.steps", Long.toString(ckpt.step()));
        info.setProperty("train.data", cfg.data().getFileName().toString());
        info.setProperty("train.wallSeconds", String.format(Locale.ROOT, "%.0f", trainingSeconds(run, cfg)));
        info.setProperty("train.distortion", cfg.distortion().name());
        info.setProperty("train.beta", Double.toString(cfg.beta()));
        info.setProperty("train.targetBpp", Double.toString(cfg.targetBpp()));
        info.setProperty("train.sigma", Double.toString(cfg.sigma1()));
        ContextPriors learned = null;
        if (cfg.rate() == RateModel.CONTEXT && !measurePriors) {
            // What the run's rate term charged is what the coder starts from.
            ContextRate rate = new ContextRate(cfg.network(), CoderParams.defaults());
            if (ckpt.rate().isEmpty()) throw new IOException(run + ": context-rate checkpoint has no rate tables");
            rate.restore(ckpt.rate());
            learned = rate.priors();
        }
        Priced priced = bundle(name, cfg, new LinkedHashMap<>(ckpt.params()), priorImages, info,
                float32 ? TensorIO.FLOAT32 : TensorIO.FLOAT16, learned);
        ModelBundle bundle = priced.bundle();
        bundle.save(dir);
        Manifest.write(dir, bundle, cfg, ckpt.step(), trainingSeconds(run, cfg), priced.priorImages(), run);
        Manifest.addToIndex(out, name);
        stdout.printf("exported %s (sha256 %s) to %s: %d + %d bytes%n", name, bundle.id().sha256Hex(), dir,
                Files.size(dir.resolve(ModelBundle.SYNTHESIS_FILE)), Files.size(dir.resolve(ModelBundle.ANALYSIS_FILE)));
        return bundle;
    }

    /** A bundle and the number of images its priors were measured on. */
    public record Priced(ModelBundle bundle, int priorImages) {
    }

    /**
     * Builds a bundle from trained parameters (network weights, {@code quantizer.centers}, and a
     * compression run's weight centers) and measures its context priors on {@code cfg}'s training
     * images, through the bundle's own stored weights, as the encoder will run them.
     */
    public static Priced bundle(String name, TrainConfig cfg, Map<String, INDArray> params, int priorImages, Properties info,
                         int dtype) throws IOException {
        return bundle(name, cfg, params, priorImages, info, dtype, null);
    }

    /** As above; with {@code given} priors (a context-rate run's learned tables) nothing is measured (priorImages −1). */
    public static Priced bundle(String name, TrainConfig cfg, Map<String, INDArray> params, int priorImages, Properties info,
                         int dtype, ContextPriors given) throws IOException {
        NetworkConfig net = cfg.network();
        // Training may have moved centers past each other: the coder wants them in value order.
        float[] centers = Quantizer.sortedCenters(params.remove(TrainingGraph.CENTERS).data().asFloat(), net.vectorDim());
        Map<String, QuantizedWeights> quantized = quantizedWeights(params, cfg.weights());
        CoderParams coder = CoderParams.defaults();
        if (given != null) {
            info.setProperty("priors", "learned");
            return new Priced(ModelBundle.of(name, net, coder, centers, given, params, quantized, info, dtype), -1);
        }
        ModelBundle flat = ModelBundle.of(name, net, coder, centers,
                ContextPriors.flat(coder.contextModelId(), net.centers(), net.symbolChannels()), params, quantized,
                new Properties(), dtype);
        SthEncoder encoder = new SthEncoder(flat);
        ImageFolder data = new ImageFolder(cfg.data(), cfg.validationEvery(), cfg.downscale(), cfg.maxSide());
        List<ImageFolder.Rgb> images = new ArrayList<>(data.train());
        if (priorImages > 0 && priorImages < images.size()) images = images.subList(0, priorImages);
        ContextPriors.Builder builder = ContextPriors.builder(coder, net.centers(), net.symbolChannels());
        try (ProgressBar bar = new ProgressBar("priors", images.size())) {
            for (ImageFolder.Rgb img : images) {
                SymbolTensor s = encoder.symbols(img.toImage());
                builder.add(s);
                bar.step();
            }
        }
        return new Priced(ModelBundle.of(name, net, coder, centers, builder.build(), params, quantized, info, dtype),
                images.size());
    }

    /**
     * A compression run's kernels, hard-quantized to their centers (sorted, so that neighbouring
     * indices mean neighbouring values); removes the centers from {@code params}. Empty otherwise.
     */
    public static Map<String, QuantizedWeights> quantizedWeights(Map<String, INDArray> params, WeightCompression wc) {
        Map<String, QuantizedWeights> out = wc.quantize(params);
        params.keySet().removeIf(k -> k.startsWith(WeightCompression.PREFIX));
        return out;
    }

    /**
     * Training wall time from the log: the last row's {@code wall_s} where the log has it, else (logs
     * from before it) each row covers logEvery steps at its images/s.
     */
    public static double trainingSeconds(Path run, TrainConfig cfg) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("log.csv"));
        if (lines.isEmpty()) return 0;
        List<String> header = List.of(lines.get(0).split(","));
        int wall = header.indexOf("wall_s");
        int ipsCol = header.indexOf("images_per_s");
        double seconds = 0;
        long prev = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            if (wall >= 0) {
                if (f.length > wall && !f[wall].isEmpty()) seconds = Double.parseDouble(f[wall]);
                continue;
            }
            long step = Long.parseLong(f[0]);
            double ips = Double.parseDouble(f[ipsCol >= 0 ? ipsCol : f.length - 1]);
            if (step > prev && ips > 0) seconds += (step - prev) * (double) cfg.batch() / ips;
            prev = step;
        }
        return seconds;
    }
}
