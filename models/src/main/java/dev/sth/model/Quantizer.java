package dev.sth.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Soft-to-hard vector quantization (Agustsson et al., NIPS 2017, section 3).
 *
 * <p>Values are cut into d-vectors and mapped to one of L centers c_j ∈ R^d:
 * <ul>
 *   <li>soft: φ(v) = softmax(−σ‖v − c_j‖²), v_soft = Σ_j φ_j c_j (differentiable);</li>
 *   <li>hard: v_hard = c_argmin‖v − c_j‖, whose index is the symbol written to the file;</li>
 *   <li>straight-through: v̂ = v_soft + stopgrad(v_hard − v_soft), the hard value forward and the
 *       soft gradient backward.</li>
 * </ul>
 * The same code quantizes the image latent (vectors along channels) and, for network compression,
 * groups of weights. The hard assignment also exists in plain Java for the encoder, where a graph
 * would cost more than the convolutions (nd4j.md).
 */
public final class Quantizer {

    private Quantizer() {
    }

    /** The relaxed quantizer's outputs inside a training graph. */
    public record Relaxed(
            SDVariable quantized,    // v̂: soft, hard, or straight-through, per hardMix
            SDVariable soft,         // v_soft
            SDVariable hard,         // v_hard
            SDVariable crossEntropy, // H(p, q) in bits per symbol: hard histogram p against soft histogram q
            SDVariable assignment    // φ [M,G,L], the soft assignment of every vector to every center
    ) {
    }

    /**
     * Relaxed quantization of rows of d-vectors.
     *
     * @param v       [M, G, d]: M rows of G vectors
     * @param centers [L, d]
     * @param sigma   scalar softness σ in units of the centers' spread (annealed upwards during training)
     * @param hardMix scalar in [0,1]: 0 gives the soft value forward, 1 the straight-through hard value
     * @return the quantized [M, G, d] values and the rate estimate
     */
    public static Relaxed relax(SameDiff sd, SDVariable v, SDVariable centers, SDVariable sigma,
                                SDVariable hardMix, int centersCount) {
        SDVariable diff = sd.expandDims(v, 2).sub(centers);          // [M,G,L,d]
        SDVariable dist = sd.math().square(diff).sum(3);             // [M,G,L]
        // σ is measured in units of the centers' spread (their per-coordinate variance), so one annealing
        // schedule works whatever scale the latents settle at (k-means on small warm-up latents
        // gives centers ~0.1 apart, where σ = 10 would still be almost uniform).
        SDVariable spread = sd.math().square(centers.sub(centers.mean(0))).mean(); // per coordinate
        SDVariable scale = new StopGradient(sd, spread.add(1e-12)).outputVariable();
        SDVariable phi = sd.nn().softmax(dist.div(scale).mul(sigma).neg(), 2); // [M,G,L]
        SDVariable soft = sd.expandDims(phi, 3).mul(centers).sum(2); // [M,G,d]
        SDVariable oneHot = sd.oneHot(sd.argmin(dist, 2), centersCount, 2, 1.0, 0.0, DataType.FLOAT);
        SDVariable hard = sd.expandDims(oneHot, 3).mul(centers).sum(2);
        SDVariable gap = new StopGradient(sd, hard.sub(soft)).outputVariable();
        SDVariable quantized = soft.add(gap.mul(hardMix));

        // Rate: cross-entropy of the hard histogram p against the soft histogram q (an upper bound
        // on H(p) that is differentiable through q). p carries no gradient: it comes from argmin.
        SDVariable q = phi.mean(0, 1);
        SDVariable p = oneHot.mean(0, 1);
        SDVariable crossEntropy = p.mul(sd.math().log(q.add(1e-10))).sum().neg().div(Math.log(2));
        return new Relaxed(quantized, soft, hard, crossEntropy, phi);
    }

    /**
     * Relaxed quantization of an image latent z [B,C,h,w], vectors of d consecutive channels.
     * Returns the same record with values reshaped back to [B,C,h,w].
     */
    public static Relaxed relaxLatent(SameDiff sd, SDVariable z, SDVariable centers, SDVariable sigma,
                                      SDVariable hardMix, NetworkConfig cfg) {
        int d = cfg.vectorDim();
        SDVariable nhwc = z.permute(0, 2, 3, 1);
        SDVariable rows = nhwc.reshape(-1, cfg.symbolChannels(), d);
        Relaxed r = relax(sd, rows, centers, sigma, hardMix, cfg.centers());
        SDVariable shape = sd.shape(nhwc);
        return new Relaxed(
                r.quantized().reshape(shape).permute(0, 3, 1, 2),
                r.soft().reshape(shape).permute(0, 3, 1, 2),
                r.hard().reshape(shape).permute(0, 3, 1, 2),
                r.crossEntropy(),
                r.assignment()); // rows [B·h·w, C/d, L], positions in NHWC order
    }

    /**
     * Hard assignment in plain Java: latent z laid out [C][h][w] to symbols [C/d][h][w].
     * Ties go to the lower index, as argmin does.
     */
    public static int[] assign(float[] z, int channels, int height, int width, float[] centers, int d) {
        int groups = channels / d;
        int plane = height * width;
        int[] symbols = new int[groups * plane];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < plane; i++) symbols[g * plane + i] = nearest(z, g * d * plane + i, plane, centers, d);
        }
        return symbols;
    }

    /** Hard assignment of consecutive d-vectors (row-major [n/d][d], as weights are grouped). */
    public static int[] assignRows(float[] values, float[] centers, int d) {
        int[] symbols = new int[values.length / d];
        for (int i = 0; i < symbols.length; i++) symbols[i] = nearest(values, i * d, 1, centers, d);
        return symbols;
    }

    /** Index of the center nearest to the d-vector at {@code offset}, components {@code stride} apart. */
    private static int nearest(float[] v, int offset, int stride, float[] centers, int d) {
        int l = centers.length / d;
        int best = 0;
        float bestDist = Float.POSITIVE_INFINITY;
        for (int j = 0; j < l; j++) {
            float dist = 0;
            for (int k = 0; k < d; k++) {
                float diff = v[offset + k * stride] - centers[j * d + k];
                dist += diff * diff;
            }
            if (dist < bestDist) {
                bestDist = dist;
                best = j;
            }
        }
        return best;
    }

    /**
     * Centers [L][d] sorted by their first coordinate. The coder's neighbour contexts assume that
     * nearby symbol indices mean nearby values; reordering centers changes no reconstruction.
     */
    public static float[] sortedCenters(float[] centers, int d) {
        int l = centers.length / d;
        Integer[] order = new Integer[l];
        for (int j = 0; j < l; j++) order[j] = j;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(centers[a * d], centers[b * d]));
        float[] out = new float[centers.length];
        for (int j = 0; j < l; j++) System.arraycopy(centers, order[j] * d, out, j * d, d);
        return out;
    }

    /** The inverse of {@link #assign}: symbols [C/d][h][w] to center values [C][h][w]. */
    public static float[] reconstruct(int[] symbols, int channels, int height, int width, float[] centers, int d) {
        int groups = channels / d;
        int plane = height * width;
        float[] z = new float[channels * plane];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < plane; i++) {
                int j = symbols[g * plane + i];
                for (int k = 0; k < d; k++) z[(g * d + k) * plane + i] = centers[j * d + k];
            }
        }
        return z;
    }
}
