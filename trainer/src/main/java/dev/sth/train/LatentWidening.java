package dev.sth.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.NetworkConfig;
import dev.sth.model.SthNetwork;

/**
 * Widens a trained model's latent from C to k·C channels without changing what it decodes (Net2Net),
 * so a higher-rate level can start from a trained lower-rate one instead of from scratch.
 *
 * <p>The analysis transform's last convolution repeats its output channels k times; the synthesis
 * transform's first convolution divides its input weights by k across the copies, so ẑ repeated k times
 * synthesises exactly what ẑ did. The copies get a little noise, or they would stay identical (equal
 * gradients) and the extra channels would never carry new information.
 */
final class LatentWidening {
    private LatentWidening() {}

    static final String LAST_ANALYSIS = SthNetwork.ANALYSIS + "conv2";
    static final String FIRST_SYNTHESIS = SthNetwork.SYNTHESIS + "up0";

    /** Whether {@code to} is {@code from} with its latent channels multiplied by a whole factor ≥ 2. */
    static boolean canWiden(NetworkConfig from, NetworkConfig to) {
        return to.latentChannels() > from.latentChannels() && to.latentChannels() % from.latentChannels() == 0
                && to.equals(from.withLatentChannels(to.latentChannels()));
    }

    /**
     * The widened parameters (the others are shared, not copied).
     *
     * @param noise standard deviation of the noise added to the copies' analysis weights, relative to the
     *              RMS of that kernel; 0 gives an exact copy
     */
    static Map<String, INDArray> widen(Map<String, INDArray> params, NetworkConfig from, NetworkConfig to,
                                       double noise, long seed) {
        if (!canWiden(from, to)) throw new IllegalArgumentException("cannot widen " + from + " to " + to);
        int k = to.latentChannels() / from.latentChannels();
        INDArray w = params.get(LAST_ANALYSIS + ".W");   // [5, 5, N, C]
        INDArray b = params.get(LAST_ANALYSIS + ".b");   // [C]
        INDArray v = params.get(FIRST_SYNTHESIS + ".W"); // [3, 3, C, 4N]
        INDArray[] ws = new INDArray[k], bs = new INDArray[k], vs = new INDArray[k];
        double rms = Math.sqrt(w.mul(w).meanNumber().doubleValue());
        Nd4j.getRandom().setSeed(seed);
        for (int i = 0; i < k; i++) {
            ws[i] = i == 0 || noise == 0 ? w.dup() : w.add(Nd4j.randn(DataType.FLOAT, w.shape()).muli(noise * rms));
            bs[i] = b.dup();
            vs[i] = v.div(k);
        }
        Map<String, INDArray> out = new LinkedHashMap<>(params);
        out.put(LAST_ANALYSIS + ".W", Nd4j.concat(3, ws));
        out.put(LAST_ANALYSIS + ".b", Nd4j.concat(0, bs));
        out.put(FIRST_SYNTHESIS + ".W", Nd4j.concat(2, vs));
        return out;
    }
}
