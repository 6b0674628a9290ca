package dev.sth.train;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.model.QuantizedWeights;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;

/**
 * Network compression with the paper's second application of soft-to-hard quantization: while
 * fine-tuning, every convolution weight tensor is cut into d-vectors and relaxed towards its own L
 * centers by the same {@link dev.sth.model.Quantizer} that quantizes the image latent, and the loss
 * gains β × the weights' entropy in bits per weight. σ anneals from soft to hard; after that the
 * network runs on the hard, straight-through weights.
 *
 * <p>Centers are per layer: the layers' weight scales differ by more than 10× (the residual branches
 * start at a tenth of the others), so shared centers would spend most levels where a layer has no
 * weights. Their cost is L·d floats per layer, a few hundred bytes. Biases stay float16.
 *
 * @param centers     L per layer; 0 turns compression off
 * @param vectorDim   d, consecutive weights (along the output channels) per vector
 * @param beta        weight of the bits-per-weight term in the loss
 * @param sigma0      σ at the start of annealing (in units of the centers' spread, as for latents)
 * @param sigma1      σ at the end
 * @param annealSteps steps from σ0 to σ1 (and from soft to straight-through hard weights)
 */
public record WeightCompression(int centers, int vectorDim, double beta, double sigma0, double sigma1, int annealSteps) {

    public static final WeightCompression NONE = new WeightCompression(0, 1, 0, 1, 1, 0);
    static final String PREFIX = "wq.";

    public WeightCompression {
        if (centers != 0 && (centers < 2 || centers > 65535)) throw new IllegalArgumentException("weight centers must be 2..65535");
        if (vectorDim < 1 || vectorDim > 16) throw new IllegalArgumentException("weight vector size must be 1..16");
    }

    public boolean enabled() {
        return centers > 0;
    }

    /** σ and hardMix for the weights at a step of the fine-tune. */
    public record Phase(double sigma, double hardMix) {
    }

    public Phase phase(long step) {
        double t = annealSteps <= 0 ? 1 : Math.min(1.0, step / (double) annealSteps);
        return new Phase(sigma0 * Math.pow(sigma1 / sigma0, t), t);
    }

    /** Whether a network parameter is compressed: every convolution kernel, no bias. */
    public static boolean compresses(String param) {
        return param.endsWith(".W") && (param.startsWith(SthNetwork.ANALYSIS) || param.startsWith(SthNetwork.SYNTHESIS));
    }

    /** The parameter holding a weight tensor's centers [L, d]. */
    public static String centersOf(String param) {
        return PREFIX + param + ".centers";
    }

    /**
     * Each compressed kernel in {@code params} hard-quantized to its centers, sorted so that
     * neighbouring indices mean neighbouring values (empty when off).
     */
    public Map<String, QuantizedWeights> quantize(Map<String, INDArray> params) {
        Map<String, QuantizedWeights> out = new TreeMap<>();
        if (!enabled()) return out;
        params.forEach((k, v) -> {
            if (!compresses(k)) return;
            float[] c = Quantizer.sortedCenters(params.get(centersOf(k)).data().asFloat(), vectorDim);
            out.put(k, QuantizedWeights.quantize(v, c, vectorDim));
        });
        return out;
    }

    void toProperties(Properties p) {
        if (!enabled()) return;
        p.setProperty("weights.centers", Integer.toString(centers));
        p.setProperty("weights.vectorDim", Integer.toString(vectorDim));
        p.setProperty("weights.beta", Double.toString(beta));
        p.setProperty("weights.sigma0", Double.toString(sigma0));
        p.setProperty("weights.sigma1", Double.toString(sigma1));
        p.setProperty("weights.annealSteps", Integer.toString(annealSteps));
    }

    static WeightCompression fromProperties(Properties p) {
        if (p.getProperty("weights.centers") == null) return NONE;
        return new WeightCompression(
                Integer.parseInt(p.getProperty("weights.centers")),
                Integer.parseInt(p.getProperty("weights.vectorDim")),
                Double.parseDouble(p.getProperty("weights.beta")),
                Double.parseDouble(p.getProperty("weights.sigma0")),
                Double.parseDouble(p.getProperty("weights.sigma1")),
                Integer.parseInt(p.getProperty("weights.annealSteps")));
    }
}
