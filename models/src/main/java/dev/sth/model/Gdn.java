package dev.sth.model;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generalized divisive normalization (Ballé, Laparra, Simoncelli, ICLR 2016), in the form of
 * "End-to-end optimized image compression" (Ballé et al., ICLR 2017):
 * <pre>
 *   GDN:   y_i = x_i / sqrt(β_i + Σ_j γ_ji x_j²)
 *   IGDN:  y_i = x_i · sqrt(β_i + Σ_j γ_ji x_j²)
 * </pre>
 * per pixel, across channels. The sum is a 1×1 convolution of x² with weights γ {@code [1,1,in,out]}
 * (ND4J's kernel layout, so {@code γ[0,0,j,i]} weighs input j in output i) and bias β.
 *
 * <p>β and γ stay positive through the reparametrization of the reference implementations
 * (tensorflow_compression's GDN, CompressAI's {@code NonNegativeParametrizer}): the stored parameter
 * is v, the effective value {@code max(v, bound)² − ε} with ε = 2⁻¹⁸ and {@code bound = sqrt(min + ε)}
 * (min 10⁻⁶ for β, 0 for γ). The lower bound passes its gradient straight through, so a parameter that
 * sits at the bound can still move up. The stored tensors are v, {@code <layer>.beta} [N] and
 * {@code <layer>.gamma} [1,1,N,N].
 */
public final class Gdn {

    /** ε of the reparametrization: keeps the square root's gradient finite at zero. */
    public static final double PEDESTAL = 1.0 / (1 << 18);
    public static final double BETA_MIN = 1e-6;
    /** γ starts at this multiple of the identity, β at one (as in the references). */
    public static final double GAMMA_INIT = 0.1;

    private Gdn() {
    }

    public static String beta(String layer) {
        return layer + ".beta";
    }

    public static String gamma(String layer) {
        return layer + ".gamma";
    }

    /** Stored (reparametrized) initial values: β = 1, γ = 0.1·I. */
    public static Map<String, INDArray> initialParameters(String layer, int channels) {
        float[] b = new float[channels];
        java.util.Arrays.fill(b, (float) Math.sqrt(1 + PEDESTAL));
        float[] g = new float[channels * channels];
        float off = (float) Math.sqrt(PEDESTAL);
        java.util.Arrays.fill(g, off);
        for (int i = 0; i < channels; i++) g[i * channels + i] = (float) Math.sqrt(GAMMA_INIT + PEDESTAL);
        return Map.of(beta(layer), Nd4j.create(b, new long[] {channels}, 'c'),
                gamma(layer), Nd4j.create(g, new long[] {1, 1, channels, channels}, 'c'));
    }

    /** The effective β or γ of a stored value: {@code max(v, sqrt(min + ε))² − ε}. */
    public static double effective(double stored, double min) {
        double v = Math.max(stored, Math.sqrt(min + PEDESTAL));
        return v * v - PEDESTAL;
    }

    /** GDN ({@code inverse} false) or IGDN of x [B,N,H,W]. */
    public static SDVariable apply(SameDiff sd, SDVariable x, SDVariable betaStored, SDVariable gammaStored,
                                   boolean inverse) {
        SDVariable beta = reparametrize(sd, betaStored, BETA_MIN);
        SDVariable gamma = reparametrize(sd, gammaStored, 0);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        SDVariable norm = sd.math().sqrt(sd.cnn().conv2d(sd.math().square(x), gamma, beta, cfg));
        return inverse ? x.mul(norm) : x.div(norm);
    }

    private static SDVariable reparametrize(SameDiff sd, SDVariable v, double min) {
        double bound = Math.sqrt(min + PEDESTAL);
        // max(v, bound) forward, identity backward.
        SDVariable bounded = sd.nn().relu(v.sub(bound), 0.0).add(bound);
        SDVariable st = v.add(new StopGradient(sd, bounded.sub(v)).outputVariable());
        return sd.math().square(st).sub(PEDESTAL);
    }
}
