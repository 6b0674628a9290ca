package dev.sth.eval;

import dev.sth.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Metrics} against an independent numpy/scipy implementation of the same definition
 * (non-separable 2-D valid correlation, explicit PyTorch-style padded pooling).
 *
 * <p>The expected numbers were printed by
 * {@code python3 trainer/src/test/resources/reference/msssim_reference.py}
 * (numpy 2.4.6 / scipy 1.17.1, float64; Debian's /usr/bin/python3 with numpy 1.24 / scipy 1.10
 * agrees to 1e-14); rerun it and paste its output
 * here if the definition or the test images change. The image generators in {@link TestImages}
 * are bit-identical to the script's (checked below through the sums it prints).
 */
class MetricsReferenceTest {
    private static final int W1 = 192;
    private static final int H1 = 176;
    private static final int W2 = 203;
    private static final int H2 = 171;
    private static final double TOL = 1e-12;

    @Test
    void generatorsMatchPython() {
        int[] a1 = TestImages.make(W1, H1, 1);
        // checksum make_image(192,176,1): sum=12996329 first=[1, 0, 0, 1, 0, 7]
        assertEquals(12996329L, TestImages.sum(a1));
        assertArrayEquals(new int[] {1, 0, 0, 1, 0, 7}, java.util.Arrays.copyOf(a1, 6));
        assertEquals(12996972L, TestImages.sum(TestImages.addNoise(a1, W1, H1, 8, 2)));
        assertEquals(13002726L, TestImages.sum(TestImages.addNoise(a1, W1, H1, 40, 5)));
        assertEquals(12854551L, TestImages.sum(TestImages.invert(a1)));
        int[] a2 = TestImages.make(W2, H2, 3);
        assertEquals(13350768L, TestImages.sum(TestImages.addNoise(TestImages.boxBlur(a2, W2, H2), W2, H2, 2, 4)));
        int[] a4 = TestImages.make(96, 96, 6);
        assertEquals(3739079L, TestImages.sum(TestImages.addNoise(a4, 96, 96, 12, 7)));
    }

    @Test
    void noise8() {
        int[] a = TestImages.make(W1, H1, 1);
        int[] b = TestImages.addNoise(a, W1, H1, 8, 2);
        assertEquals(0.991147290376870, Metrics.msSsim(a, b, W1, H1), TOL);
        assertEquals(34.308313333873, Metrics.psnrRgb(a, b, W1, H1), 1e-9);
    }

    @Test
    void blurNoiseOddSize() {
        // 203x171: odd sizes at several scales exercise the zero-padded pooling
        int[] a = TestImages.make(W2, H2, 3);
        int[] b = TestImages.addNoise(TestImages.boxBlur(a, W2, H2), W2, H2, 2, 4);
        assertEquals(0.989313547477451, Metrics.msSsim(a, b, W2, H2), TOL);
        assertEquals(31.120988321291, Metrics.psnrRgb(a, b, W2, H2), 1e-9);
    }

    @Test
    void noise40() {
        int[] a = TestImages.make(W1, H1, 1);
        int[] b = TestImages.addNoise(a, W1, H1, 40, 5);
        assertEquals(0.885359786181815, Metrics.msSsim(a, b, W1, H1), TOL);
        assertEquals(20.855785841906, Metrics.psnrRgb(a, b, W1, H1), 1e-9);
    }

    @Test
    void invertedIsClippedToZero() {
        // negative cs → relu → 0, as pytorch_msssim
        int[] a = TestImages.make(W1, H1, 1);
        int[] b = TestImages.invert(a);
        assertEquals(0.0, Metrics.msSsim(a, b, W1, H1), 0.0);
        assertEquals(6.842375247051, Metrics.psnrRgb(a, b, W1, H1), 1e-9);
    }

    /**
     * One scale = plain SSIM averaged over channels; the script also printed
     * skimage.metrics.structural_similarity (gaussian_weights, σ 1.5, population covariance,
     * data_range 255) for these pairs: 0.901558451016641 and 0.891025450068356.
     */
    @Test
    void singleScaleSsimMatchesSkimage() {
        int[] a = TestImages.make(W1, H1, 1);
        int[] b = TestImages.addNoise(a, W1, H1, 8, 2);
        assertEquals(0.901558451016641,
                Metrics.msSsim(Metrics.planes(a, W1, H1), Metrics.planes(b, W1, H1), W1, H1, 1), 1e-12);
        int[] a2 = TestImages.make(W2, H2, 3);
        int[] b2 = TestImages.addNoise(TestImages.boxBlur(a2, W2, H2), W2, H2, 2, 4);
        assertEquals(0.891025450068356,
                Metrics.msSsim(Metrics.planes(a2, W2, H2), Metrics.planes(b2, W2, H2), W2, H2, 1), 1e-12);
    }

    @Test
    void fewerScalesOnSmallImage() {
        int[] a = TestImages.make(96, 96, 6);
        int[] b = TestImages.addNoise(a, 96, 96, 12, 7);
        double[][] pa = Metrics.planes(a, 96, 96);
        double[][] pb = Metrics.planes(b, 96, 96);
        assertEquals(0.974088182783522, Metrics.msSsim(pa, pb, 96, 96, 4), TOL);
        assertEquals(0.964714941791864, Metrics.msSsim(pa, pb, 96, 96, 3), TOL);
        assertEquals(31.021995179664, Metrics.psnrRgb(a, b, 96, 96), 1e-9);
    }
}
