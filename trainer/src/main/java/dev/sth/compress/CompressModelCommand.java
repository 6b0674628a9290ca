package dev.sth.compress;

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
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import dev.sth.export.BundleExport;
import dev.sth.export.BundleOptions;
import dev.sth.export.Manifest;
import dev.sth.metrics.Distortion;
import dev.sth.model.Adam;
import dev.sth.train.Checkpoint;
import dev.sth.train.ImageFolder;
import dev.sth.train.TrainConfig;
import dev.sth.train.Trainer;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;

/**
 * {@code compress-model}: parses, checks the combination of options, and runs {@link ModelCompression}:
 * the paper's network-compression application, on the codec's own models.
 * Fine-tunes a bundle with every kernel relaxed towards per-layer centers (entropy-penalised,
 * σ annealed soft to hard) and exports the result with entropy-coded weights. Two baselines, for
 * measurement only, store the dequantized weights in float32 and report the size a packed
 * fixed-length form would take.
 */
@Command(name = "compress-model", mixinStandardHelpOptions = true,
        description = {"Compresses a model's weights with soft-to-hard vector quantization (docs/MODELS.md).",
                "Methods: soft-to-hard (fine-tune with an entropy penalty, then entropy-code; --steps 0 is",
                "k-means + entropy coding), and the baselines uniform8 and kmeans-fixed."},
        defaultValueProvider = CompressModelCommand.Defaults.class)
public final class CompressModelCommand implements Callable<Integer> {

    /** Priors measured on a sample of the training images ({@link ModelCompression#DEFAULT_PRIOR_IMAGES}), not export's all. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg.isOption() && BundleOptions.PRIOR_IMAGES.equals(((OptionSpec) arg).longestName())) {
                return Integer.toString(ModelCompression.DEFAULT_PRIOR_IMAGES);
            }
            return null;
        }
    }

    // Defaults: the soft-to-hard setting measured in docs/RESULTS.md (s2h16: 8.4× at 300 steps).
    @Option(names = "--model", required = true, description = "bundle folder to compress (needs analysis.sthm)")
    Path model;
    @Option(names = "--out", required = true, description = "folder for the compressed bundle")
    Path out;
    @Option(names = "--name", description = "model name (default: the source model's)")
    String name;
    @Option(names = "--method", defaultValue = "SOFT_TO_HARD", converter = MethodConverter.class,
            description = "soft-to-hard, uniform8 or kmeans-fixed (default: soft-to-hard)")
    ModelCompression.Method method;
    @Option(names = "--d", defaultValue = "1", description = "weights per quantized vector (default: ${DEFAULT-VALUE})")
    int d;
    @Option(names = "--centers", description = "L, centers per layer (default: " + ModelCompression.DEFAULT_CENTERS
            + ", or " + ModelCompression.DEFAULT_ALLOCATED_CENTERS + " with --allocate, where it caps each kernel's grid)")
    Integer centers;
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
    @Mixin
    BundleOptions bundle;

    static final class MethodConverter implements picocli.CommandLine.ITypeConverter<ModelCompression.Method> {
        @Override
        public ModelCompression.Method convert(String v) {
            return ModelCompression.Method.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (straightThrough && allocateDb <= 0) throw usage("--straight-through needs --allocate");
        if (channelScales != 0 && !straightThrough) throw usage("--channel-scales needs --allocate and --straight-through");
        if (channelScales < 0 || channelScales > 1) throw usage("--channel-scales takes a power in (0, 1]");
        if (allocateDb > 0 && (d != 1 || method != ModelCompression.Method.SOFT_TO_HARD)) {
            throw usage("--allocate needs --d 1 and the soft-to-hard method (a scalar grid per kernel)");
        }
        int resolvedCenters = centers != null ? centers
                : allocateDb > 0 ? ModelCompression.DEFAULT_ALLOCATED_CENTERS : ModelCompression.DEFAULT_CENTERS;
        ModelCompression.Settings settings = new ModelCompression.Settings(model, out, name, method, d, resolvedCenters, gridStep, allocateDb, straightThrough, channelScales, beta, steps, annealSteps, sigma0, sigma1, lr, latentSigma, data, run, bundle.priorImages(), bundle.force());
        new ModelCompression(settings, commandLine(), System.out).run();
        return 0;
    }

    private picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The command as it ran: picocli's parse result, quoted for a shell. */
    private String commandLine() {
        return dev.sth.train.Provenance.commandLine(spec.commandLine().getParseResult().originalArgs());
    }
}
