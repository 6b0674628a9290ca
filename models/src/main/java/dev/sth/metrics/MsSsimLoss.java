package dev.sth.metrics;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable MS-SSIM distortion for the MS-SSIM training family, as a SameDiff graph.
 *
 * <p>Same definition as {@link Metrics#msSsim} (pytorch_msssim's {@code ms_ssim}): 11-tap Gaussian,
 * σ 1.5, valid correlation, K1 0.01, K2 0.03, cs/ssim as spatial means of their maps per image and
 * channel, relu on the cs of the first scales and on the last scale's ssim, product of powers with
 * the weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333], 2×2 average pooling between scales, mean
 * over the three channels. Inputs are in [0, 1], so data range 1 is used (C1 = 0.01², C2 = 0.03²),
 * which gives the same value as 0..255 with data range 255.
 *
 * <ul>
 *   <li><b>xhat is not clamped</b>: clamping would zero the gradient of every pixel outside
 *       [0, 1]; the formula is well defined for any real values (the MSE term of TrainingGraph is
 *       unclamped too). Evaluation clamps and rounds, so train/eval differ slightly for
 *       out-of-range pixels.</li>
 *   <li><b>Fewer scales</b>: 5 scales need min(H, W) &gt; 160 (e.g. 160×160 crops cannot do 5);
 *       {@link #define(SameDiff, SDVariable, SDVariable, int)} takes the number of scales, and then
 *       uses the first {@code scales} weights renormalised to sum 1 ({@link Metrics#weights}).
 *       {@link Metrics#scalesFor(int)} gives the largest usable count for a crop size
 *       (96 → 4, 160 → 4, 161..∞ → 5, 41..80 → 3). The graph fails at run time if it is fed
 *       images smaller than its scale count allows.</li>
 *   <li><b>relu with a finite gradient</b>: a factor v (cs, or the last ssim) enters as
 *       {@code max(v, 1e-6)^w · [v > 0]}, the indicator held constant (stop-gradient). Forward this
 *       is pytorch_msssim's {@code relu(v)^w} (0 when v ≤ 0) except for 0 &lt; v &lt; 1e-6, where it
 *       is 1e-6^w; backward it has no 0·∞ NaN at v = 0 (the gradient of a clipped factor is 0,
 *       as with relu).</li>
 *   <li><b>Odd sizes</b>: when H and W are known at graph-build time (static shape) the pooling
 *       reproduces PyTorch's {@code avg_pool2d(2, 2, padding=(h%2, w%2))} exactly (one leading zero
 *       row/column for an odd size, divisor 4). When they are unknown (placeholder shape -1) the
 *       pooling assumes even sizes at every pooled scale, i.e. H and W divisible by
 *       2^(scales−1); an odd size would then lose its last row/column (VALID pooling) instead of
 *       being zero-padded at the front. Training and validation crops are even (multiples of 8).</li>
 * </ul>
 */
public final class MsSsimLoss {
    /** The authors' distortion scale: {@code 5000 · (1 − MS-SSIM)}. */
    public static final double SCALE = 5000.0;
    /**
     * Scales used by {@link #define(SameDiff, SDVariable, SDVariable)} when H/W are unknown at build
     * time: 4 works for every crop from 81 px up (96, 128, 160 training crops, 256 validation
     * crops); 5 would fail on the 96 and 160 crops.
     */
    public static final int DEFAULT_SCALES_UNKNOWN_SIZE = 4;

    private static final double EPS = 1e-6;

    private MsSsimLoss() {
    }

    /**
     * {@code 5000 · (1 − MS-SSIM)} averaged over the batch. The number of scales comes from the
     * static shape of {@code x} when H and W are known ({@link Metrics#scalesFor}, at most 5),
     * otherwise it is {@link #DEFAULT_SCALES_UNKNOWN_SIZE} (inputs must then be &gt; 80 px on the
     * short side); use {@link #defineForCrop} or the 4-argument form to choose.
     */
    public static SDVariable define(SameDiff sd, SDVariable x, SDVariable xhat) {
        long[] hw = staticHw(x);
        int scales = hw == null ? DEFAULT_SCALES_UNKNOWN_SIZE : Metrics.scalesFor((int) Math.min(hw[0], hw[1]));
        return define(sd, x, xhat, scales);
    }

    /** As {@link #define(SameDiff, SDVariable, SDVariable, int)} with the most scales a crop of {@code minSide} allows. */
    public static SDVariable defineForCrop(SameDiff sd, SDVariable x, SDVariable xhat, int minSide) {
        return define(sd, x, xhat, Metrics.scalesFor(minSide));
    }

    /**
     * {@code 5000 · (1 − MS-SSIM)} over {@code scales} scales (1..5), averaged over the batch.
     *
     * @param x    reference, [B, 3, H, W] (NCHW) in [0, 1]
     * @param xhat reconstruction, same shape, not clamped
     */
    public static SDVariable define(SameDiff sd, SDVariable x, SDVariable xhat, int scales) {
        return msSsim(sd, x, xhat, scales).mean().rsub(1.0).mul(SCALE);
    }

    /**
     * Per-image-and-channel MS-SSIM, shape [B, C] (mean it for the batch value); data range 1.
     * Exposed for validation logging and tests.
     */
    public static SDVariable msSsim(SameDiff sd, SDVariable x, SDVariable xhat, int scales) {
        double[] weights = Metrics.weights(scales);
        long[] shape = x.getShape();
        int channels = shape != null && shape.length == 4 && shape[1] > 0 ? (int) shape[1] : 3;
        long[] hw = staticHw(x);

        double[] g = Metrics.gaussianWindow();
        int k = g.length;
        // depthwise weights [kH, kW, inChannels, multiplier]: one 1-D Gaussian per channel
        float[] col = new float[k * channels];
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < channels; c++) col[i * channels + c] = (float) g[i];
        }
        SDVariable gH = sd.constant(Nd4j.create(col, new long[] {k, 1, channels, 1}, 'c'));
        SDVariable gW = sd.constant(Nd4j.create(col.clone(), new long[] {1, k, channels, 1}, 'c'));

        SDVariable a = x;
        SDVariable b = xhat;
        SDVariable result = null;
        for (int j = 0; j < scales; j++) {
            boolean last = j == scales - 1;
            SDVariable factor = powRelu(sd, ssimOrCs(sd, a, b, gH, gW, k, last), weights[j]);
            result = result == null ? factor : result.mul(factor);
            if (!last) {
                a = pool(sd, a, hw);
                b = pool(sd, b, hw);
                if (hw != null) hw = new long[] {(hw[0] + 1) / 2, (hw[1] + 1) / 2};
            }
        }
        return result;
    }

    /** {@code max(v, eps)^w · stopgrad([v > 0])}: relu(v)^w forward, finite gradient. */
    private static SDVariable powRelu(SameDiff sd, SDVariable v, double w) {
        SDVariable mask = new StopGradient(sd, v.gt(0.0).castTo(DataType.FLOAT)).outputVariable();
        return sd.math().max(v, sd.constant(Nd4j.scalar((float) EPS))).pow(w).mul(mask);
    }

    /** [B, C]: the spatial mean of the ssim map ({@code ssim}) or of the cs map at one scale. */
    private static SDVariable ssimOrCs(SameDiff sd, SDVariable x, SDVariable y, SDVariable gH, SDVariable gW, int k,
                                       boolean ssim) {
        final double c1 = Metrics.K1 * Metrics.K1;
        final double c2 = Metrics.K2 * Metrics.K2;
        // five separate depthwise blurs measured faster than one 15-channel blur plus slices;
        // the blurs of the reference x need no backward pass
        SDVariable mu1 = blur(sd, x, gH, gW, k);
        SDVariable mu2 = blur(sd, y, gH, gW, k);
        SDVariable fxx = blur(sd, x.mul(x), gH, gW, k);
        SDVariable fyy = blur(sd, y.mul(y), gH, gW, k);
        SDVariable fxy = blur(sd, x.mul(y), gH, gW, k);
        SDVariable mu1sq = mu1.mul(mu1);
        SDVariable mu2sq = mu2.mul(mu2);
        SDVariable mu12 = mu1.mul(mu2);
        SDVariable s1 = fxx.sub(mu1sq);
        SDVariable s2 = fyy.sub(mu2sq);
        SDVariable s12 = fxy.sub(mu12);
        SDVariable csMap = s12.mul(2.0).add(c2).div(s1.add(s2).add(c2));
        if (!ssim) return csMap.mean(2, 3);
        SDVariable lum = mu12.mul(2.0).add(c1).div(mu1sq.add(mu2sq).add(c1));
        return lum.mul(csMap).mean(2, 3);
    }

    /** Separable valid Gaussian: along H (kernel [k,1]) then along W ([1,k]), depthwise. */
    private static SDVariable blur(SameDiff sd, SDVariable v, SDVariable gH, SDVariable gW, int k) {
        Conv2DConfig ch = Conv2DConfig.builder().kH(k).kW(1).sH(1).sW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        Conv2DConfig cw = Conv2DConfig.builder().kH(1).kW(k).sH(1).sW(1)
                .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
        SDVariable t = sd.cnn().depthWiseConv2d(v, gH, ch);
        return sd.cnn().depthWiseConv2d(t, gW, cw);
    }

    /**
     * 2×2 average pooling, stride 2. With a known (static) size, an odd dimension gets one leading
     * zero row/column first (PyTorch's padding=(h%2, w%2), count_include_pad=True). Unknown sizes
     * are assumed even.
     */
    private static SDVariable pool(SameDiff sd, SDVariable v, long[] hw) {
        if (hw != null && (hw[0] % 2 != 0 || hw[1] % 2 != 0)) {
            int[][] p = {{0, 0}, {0, 0}, {(int) (hw[0] % 2), 0}, {(int) (hw[1] % 2), 0}};
            SDVariable pads = sd.constant(Nd4j.createFromArray(p));
            v = sd.nn().pad(v, pads, PadMode.CONSTANT, 0.0);
        }
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).type(Pooling2D.Pooling2DType.AVG)
                .isNHWC(false).build();
        return sd.cnn().avgPooling2d(v, cfg);
    }

    /** {H, W} if both are known at build time, else null. */
    private static long[] staticHw(SDVariable x) {
        long[] s = x.getShape();
        if (s == null || s.length != 4 || s[2] <= 0 || s[3] <= 0) return null;
        return new long[] {s[2], s[3]};
    }
}
