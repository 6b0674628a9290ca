package dev.sth.train;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.model.ChannelScales;
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
 * @param gridStep    0: centers start at the k-means of each kernel; otherwise (d = 1) at a uniform grid
 *                    of this step in units of the kernel's RMS, at most {@code centers} + 1 points (the step
 *                    widens if the kernel's range needs more). With entropy coding a uniform grid spends
 *                    bits where the weights are, where k-means (equal occupancy) spends log2 L bits on
 *                    every weight.
 * @param fixedGrid   the centers are fixed uniform grids (e.g. from the compress package's WeightAllocation) and the fine-tune
 *                    is hard from the first step: w + stopgrad(Δ·round(w/Δ) − w), no soft assignment and no
 *                    entropy term. Per step this costs O(n) instead of O(n·L), which is what lets a fine-tune
 *                    run thousands of steps here; the soft-to-hard relaxation is what picks the centers and
 *                    the bits otherwise.
 */
public record WeightCompression(int centers, int vectorDim, double beta, double sigma0, double sigma1, int annealSteps,
                                double gridStep, boolean fixedGrid) {

    public WeightCompression(int centers, int vectorDim, double beta, double sigma0, double sigma1, int annealSteps,
                             double gridStep) {
        this(centers, vectorDim, beta, sigma0, sigma1, annealSteps, gridStep, false);
    }

    public static final WeightCompression NONE = new WeightCompression(0, 1, 0, 1, 1, 0, 0);
    public static final String PREFIX = "wq.";

    public WeightCompression {
        if (centers != 0 && (centers < 2 || centers > 65535)) throw new IllegalArgumentException("weight centers must be 2..65535");
        if (vectorDim < 1 || vectorDim > 16) throw new IllegalArgumentException("weight vector size must be 1..16");
        if (gridStep < 0 || (gridStep > 0 && vectorDim != 1)) throw new IllegalArgumentException("a grid needs d = 1 and a step > 0");
        if (fixedGrid && vectorDim != 1) throw new IllegalArgumentException("a fixed grid needs d = 1");
    }

    /** The initial centers of one kernel: k-means, or the uniform grid (see {@code gridStep}). */
    public float[] initialCenters(float[] w) {
        if (gridStep == 0) return KMeans.fit(w, vectorDim, Math.min(centers, w.length / vectorDim), 25);
        double sq = 0;
        for (float v : w) sq += v * v;
        float[] range = range(w);
        double step = Math.max(gridStep * Math.sqrt(sq / w.length), (range[1] - range[0]) / (double) (centers - 1) * 1.0001);
        return gridCenters(w, step);
    }

    /** The multiples of {@code step} that span w's range (zero is always a center). */
    public static float[] gridCenters(float[] w, double step) {
        float[] range = range(w);
        long kLo = (long) Math.floor(range[0] / step);
        long kHi = (long) Math.ceil(range[1] / step);
        float[] c = new float[(int) Math.max(2, kHi - kLo + 1)];
        for (int j = 0; j < c.length; j++) c[j] = (float) ((kLo + j) * step);
        return c;
    }

    /** {min, max} of w. */
    public static float[] range(float[] w) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : w) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new float[] {lo, hi};
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

    /** The parameters holding a fixed grid's per-channel step multipliers ({@link ChannelScales}), if any. */
    public static String scaleInOf(String param) {
        return PREFIX + param + ".scaleIn";
    }

    public static String scaleOutOf(String param) {
        return PREFIX + param + ".scaleOut";
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
            // A fixed grid extends to wherever the fine-tune moved the weights: round(w/Δ), as trained.
            INDArray in = params.get(scaleInOf(k));
            if (fixedGrid && in != null) {
                ChannelScales scales = ChannelScales.of(in.toDoubleVector(), params.get(scaleOutOf(k)).toDoubleVector());
                out.put(k, QuantizedWeights.onScaledGrid(v, c[1] - c[0], scales));
                return;
            }
            if (fixedGrid) c = gridCenters(v.dup('c').data().asFloat(), c[1] - c[0]);
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
        p.setProperty("weights.gridStep", Double.toString(gridStep));
        p.setProperty("weights.fixedGrid", Boolean.toString(fixedGrid));
    }

    static WeightCompression fromProperties(Properties p) {
        if (p.getProperty("weights.centers") == null) return NONE;
        return new WeightCompression(
                Integer.parseInt(p.getProperty("weights.centers")),
                Integer.parseInt(p.getProperty("weights.vectorDim")),
                Double.parseDouble(p.getProperty("weights.beta")),
                Double.parseDouble(p.getProperty("weights.sigma0")),
                Double.parseDouble(p.getProperty("weights.sigma1")),
                Integer.parseInt(p.getProperty("weights.annealSteps")),
                Double.parseDouble(p.getProperty("weights.gridStep", "0")),
                Boolean.parseBoolean(p.getProperty("weights.fixedGrid", "false")));
    }
}
