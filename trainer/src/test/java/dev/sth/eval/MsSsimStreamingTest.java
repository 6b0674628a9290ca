package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sth.metrics.Metrics;

/**
 * {@link Metrics#msSsim} streams rows (memory in proportion to the width); it must give exactly the double
 * that the whole-image computation gives, for odd and even sides at every scale (the pooling pads odd sides).
 */
class MsSsimStreamingTest {

    @ParameterizedTest
    @CsvSource({"161,161,5", "192,176,5", "203,331,5", "330,171,5", "96,96,4", "97,85,3", "25,11,1"})
    void rowStreamingEqualsTheWholeImageComputation(int w, int h, int scales) {
        int[] a = TestImages.make(w, h, 7 + w);
        int[] b = TestImages.addNoise(TestImages.boxBlur(a, w, h), w, h, 9, 3 + h);
        double[][] pa = Metrics.planes(a, w, h);
        double[][] pb = Metrics.planes(b, w, h);
        double expected = WholeImageMsSsim.msSsim(pa, pb, w, h, scales);
        assertNotEquals(1.0, expected); // distorted enough that every scale contributes
        assertEquals(expected, Metrics.msSsim(pa, pb, w, h, scales), 0.0);
        if (scales == Metrics.MAX_SCALES) {
            assertEquals(expected, Metrics.msSsim(a, b, w, h), 0.0);
            assertEquals(expected, Metrics.msSsim(image(a, w, h), image(b, w, h)), 0.0);
        }
    }

    private static BufferedImage image(int[] rgb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                img.setRGB(x, y, rgb[i] << 16 | rgb[i + 1] << 8 | rgb[i + 2]);
            }
        return img;
    }
}
