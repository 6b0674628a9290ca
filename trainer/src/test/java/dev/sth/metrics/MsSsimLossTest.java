package dev.sth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sth.eval.TestImages;
import dev.sth.metrics.Metrics;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The SameDiff MS-SSIM loss against the double-precision {@link Metrics#msSsim}. */
class MsSsimLossTest {
    private static final double TOL = 1e-5; // float32 graph vs double: observed ≈ 2e-7

    /** [n,3,h,w] float in [0,1] from interleaved 8-bit images. */
    private static INDArray batch(int w, int h, int[]... imgs) {
        float[] out = new float[imgs.length * 3 * w * h];
        int plane = w * h;
        for (int n = 0; n < imgs.length; n++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) out[(n * 3 + c) * plane + p] = imgs[n][3 * p + c] / 255f;
            }
        }
        return Nd4j.create(out, new long[] {imgs.length, 3, h, w}, 'c');
    }

    private static double javaMsSsim(int[] a, int[] b, int w, int h, int scales) {
        return Metrics.msSsim(Metrics.planes(a, w, h), Metrics.planes(b, w, h), w, h, scales);
    }

    @Test
    void fiveScalesStaticEvenShapeMatchesMetrics() {
        int w = 192;
        int h = 176;
        int[] a = TestImages.make(w, h, 1);
        int[] b = TestImages.addNoise(a, w, h, 8, 2);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 3, h, w);
        SDVariable xhat = sd.placeHolder("xhat", DataType.FLOAT, 1, 3, h, w);
        SDVariable loss = MsSsimLoss.define(sd, x, xhat); // static 176 px → 5 scales
        INDArray out = sd.output(Map.of("x", batch(w, h, a), "xhat", batch(w, h, b)), loss.name()).get(loss.name());
        double expected = 5000 * (1 - Metrics.msSsim(a, b, w, h));
        double got = out.getDouble(0);
        System.out.printf("5 scales 192x176: SameDiff %.8f vs Java %.8f (loss units)%n", got, expected);
        assertEquals(expected / 5000, got / 5000, TOL);
    }

    @Test
    void oddStaticShapePadsLikePyTorch() {
        int w = 203;
        int h = 171;
        int[] a = TestImages.make(w, h, 3);
        int[] b = TestImages.addNoise(TestImages.boxBlur(a, w, h), w, h, 2, 4);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 1, 3, h, w);
        SDVariable xhat = sd.placeHolder("xhat", DataType.FLOAT, 1, 3, h, w);
        SDVariable m = MsSsimLoss.msSsim(sd, x, xhat, 5).mean();
        double got = sd.output(Map.of("x", batch(w, h, a), "xhat", batch(w, h, b)), m.name()).get(m.name()).getDouble(0);
        double expected = Metrics.msSsim(a, b, w, h);
        System.out.printf("5 scales 203x171: SameDiff %.8f vs Java %.8f%n", got, expected);
        assertEquals(expected, got, TOL);
    }

    @Test
    void dynamicShapeBatchPerImageAndFewerScales() {
        int w = 96;
        int h = 96;
        int[] a1 = TestImages.make(w, h, 6);
        int[] b1 = TestImages.addNoise(a1, w, h, 12, 7);
        int[] a2 = TestImages.make(w, h, 8);
        int[] b2 = TestImages.addNoise(a2, w, h, 30, 9);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, -1, -1);
        SDVariable xhat = sd.placeHolder("xhat", DataType.FLOAT, -1, 3, -1, -1);
        SDVariable perImage = MsSsimLoss.msSsim(sd, x, xhat, 4).mean(1);
        SDVariable loss = MsSsimLoss.define(sd, x, xhat); // unknown size → 4 scales
        Map<String, INDArray> out = sd.output(Map.of("x", batch(w, h, a1, a2), "xhat", batch(w, h, b1, b2)),
                perImage.name(), loss.name());
        double e1 = javaMsSsim(a1, b1, w, h, 4);
        double e2 = javaMsSsim(a2, b2, w, h, 4);
        INDArray pi = out.get(perImage.name());
        System.out.printf("4 scales 96x96 batch 2: SameDiff %.8f %.8f vs Java %.8f %.8f%n",
                pi.getDouble(0), pi.getDouble(1), e1, e2);
        assertEquals(e1, pi.getDouble(0), TOL);
        assertEquals(e2, pi.getDouble(1), TOL);
        assertEquals(5000 * (1 - (e1 + e2) / 2), out.get(loss.name()).getDouble(0), 5000 * TOL);
    }

    @Test
    void gradientIsFiniteAndNonZero() {
        int w = 96;
        int h = 96;
        int[] a = TestImages.make(w, h, 6);
        int[] b = TestImages.addNoise(a, w, h, 12, 7);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, -1, -1);
        SDVariable xhat = sd.var("xhat", batch(w, h, b));
        SDVariable loss = MsSsimLoss.define(sd, x, xhat, 4);
        sd.setLossVariables(loss);
        INDArray g = sd.calculateGradients(Map.of("x", batch(w, h, a)), "xhat").get("xhat");
        assertEquals(0, g.isNaN().castTo(DataType.INT32).sumNumber().intValue(), "NaN in gradient");
        assertEquals(0, g.isInfinite().castTo(DataType.INT32).sumNumber().intValue(), "Inf in gradient");
        double norm = g.norm2Number().doubleValue();
        assertTrue(norm > 0, "zero gradient");

        // the gradient points uphill: a small step against it lowers the loss
        INDArray xh = batch(w, h, b);
        double before = sd.output(Map.of("x", batch(w, h, a)), loss.name()).get(loss.name()).getDouble(0);
        sd.getVariable("xhat").setArray(xh.sub(g.mul(1e-3 / norm)));
        double after = sd.output(Map.of("x", batch(w, h, a)), loss.name()).get(loss.name()).getDouble(0);
        assertTrue(after < before, after + " !< " + before);
    }

    @Test
    void clippedFactorsGiveFiniteGradient() {
        // inverted image: negative cs → the relu'd product is 0, loss 5000; gradient must not be NaN
        int w = 96;
        int h = 96;
        int[] a = TestImages.make(w, h, 6);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 3, -1, -1);
        SDVariable xhat = sd.var("xhat", batch(w, h, TestImages.invert(a)));
        SDVariable loss = MsSsimLoss.define(sd, x, xhat, 4);
        sd.setLossVariables(loss);
        double v = sd.output(Map.of("x", batch(w, h, a)), loss.name()).get(loss.name()).getDouble(0);
        assertEquals(5000 * (1 - javaMsSsim(a, TestImages.invert(a), w, h, 4)), v, 5000 * TOL);
        INDArray g = sd.calculateGradients(Map.of("x", batch(w, h, a)), "xhat").get("xhat");
        assertEquals(0, g.isNaN().castTo(DataType.INT32).sumNumber().intValue(), "NaN in gradient");
        assertEquals(0, g.isInfinite().castTo(DataType.INT32).sumNumber().intValue(), "Inf in gradient");
    }
}
