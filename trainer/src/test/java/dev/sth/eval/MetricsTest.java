package dev.sth.eval;

import dev.sth.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Properties of {@link Metrics} that need no reference implementation. */
class MetricsTest {
    private static final int W = 192;
    private static final int H = 176;

    @Test
    void identicalImages() {
        int[] a = TestImages.make(W, H, 11);
        assertEquals(1.0, Metrics.msSsim(a, a.clone(), W, H), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, Metrics.psnrRgb(a, a.clone(), W, H));
        assertEquals(Double.POSITIVE_INFINITY, Metrics.msSsimDb(1.0));
    }

    @Test
    void psnrOfUnitOffset() {
        int[] a = TestImages.make(W, H, 12);
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i] < 255 ? a[i] + 1 : a[i] - 1; // |d| = 1 everywhere
        assertEquals(1.0, Metrics.mse(a, b, W, H), 0.0);
        assertEquals(20 * Math.log10(255), Metrics.psnrRgb(a, b, W, H), 1e-12);
        assertEquals(48.1308036086791, Metrics.psnrRgb(a, b, W, H), 1e-10);
    }

    @Test
    void msSsimDb() {
        assertEquals(10.0, Metrics.msSsimDb(0.9), 1e-12);
        assertEquals(20.0, Metrics.msSsimDb(0.99), 1e-9);
    }

    @Test
    void moreNoiseLowersMsSsim() {
        int[] a = TestImages.make(W, H, 13);
        double prev = 1.0;
        for (int amp : new int[] {1, 4, 16, 64}) {
            double v = Metrics.msSsim(a, TestImages.addNoise(a, W, H, amp, 99), W, H);
            assertTrue(v < prev, "amp " + amp + ": " + v + " !< " + prev);
            prev = v;
        }
    }

    @Test
    void layoutsAgree() {
        int[] a = TestImages.make(W, H, 14);
        int[] b = TestImages.addNoise(a, W, H, 10, 15);
        byte[] ab = new byte[a.length];
        byte[] bb = new byte[b.length];
        BufferedImage ia = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        BufferedImage ib = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < a.length; i++) {
            ab[i] = (byte) a[i];
            bb[i] = (byte) b[i];
        }
        for (int p = 0; p < W * H; p++) {
            ia.setRGB(p % W, p / W, (a[3 * p] << 16) | (a[3 * p + 1] << 8) | a[3 * p + 2]);
            ib.setRGB(p % W, p / W, (b[3 * p] << 16) | (b[3 * p + 1] << 8) | b[3 * p + 2]);
        }
        double ref = Metrics.msSsim(a, b, W, H);
        assertEquals(ref, Metrics.msSsim(ab, bb, W, H), 0.0);
        assertEquals(ref, Metrics.msSsim(ia, ib), 0.0);
        assertEquals(Metrics.psnrRgb(a, b, W, H), Metrics.psnrRgb(ab, bb, W, H), 0.0);
        assertEquals(Metrics.psnrRgb(a, b, W, H), Metrics.psnrRgb(ia, ib), 1e-12);
        // The images' MSE runs a row at a time; it must be exactly the interleaved samples' MSE.
        assertEquals(Metrics.mse(a, b, W, H), Metrics.mse(ia, ib), 0.0);
    }

    @Test
    void tooSmallForFiveScales() {
        int[] a = TestImages.make(200, 160, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.msSsim(a, a, 200, 160));
        assertTrue(e.getMessage().contains("> 160"), e.getMessage());
        int[] b = TestImages.make(161, 161, 16);
        assertEquals(1.0, Metrics.msSsim(b, b, 161, 161), 0.0);
    }

    @Test
    void scalesFor() {
        assertEquals(5, Metrics.scalesFor(161));
        assertEquals(4, Metrics.scalesFor(160));
        assertEquals(4, Metrics.scalesFor(96));
        assertEquals(3, Metrics.scalesFor(80));
        assertEquals(1, Metrics.scalesFor(11));
        assertThrows(IllegalArgumentException.class, () -> Metrics.scalesFor(10));
    }

    @Test
    void kodakSizedImagesGiveAValueBelowOne() {
        // Speed is measured by the benchmarks, not here; this checks the 5-scale path at full size.
        int w = 768;
        int h = 512;
        int[] a = TestImages.make(w, h, 17);
        int[] b = TestImages.addNoise(a, w, h, 6, 18);
        double v = Metrics.msSsim(a, b, w, h);
        assertTrue(v > 0.5 && v < 1, "MS-SSIM of a noisy copy: " + v);
        assertEquals(1.0, Metrics.msSsim(a, a, w, h), 1e-12);
    }
}
