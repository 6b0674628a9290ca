package dev.sth.entropy.bench;

import dev.sth.entropy.SymbolTensor;
import dev.sth.format.SymbolShape;
import java.util.Random;

/** Latent-like benchmark input: smooth random fields, channels sharing part of their field, quantized to L levels. */
final class LatentFields {
    private LatentFields() {}

    static SymbolTensor generate(long seed, SymbolShape shape, int alphabet) {
        Random r = new Random(seed);
        int h = shape.height();
        int w = shape.width();
        double[] shared = noise(r, h, w);
        int[] out = new int[shape.size()];
        double step = 5.0 / alphabet;
        for (int c = 0; c < shape.channels(); c++) {
            double[] own = noise(r, h, w);
            double scale = 0.6 + 0.8 * r.nextDouble();
            for (int i = 0; i < h * w; i++) {
                double v = (0.6 * shared[i] + 0.8 * own[i]) * scale;
                out[c * h * w + i] = Math.max(0, Math.min(alphabet - 1, (int) Math.floor(v / step + alphabet / 2.0)));
            }
        }
        return SymbolTensor.of(shape, alphabet, out);
    }

    /** Unit-variance noise box-blurred (radius 1, three passes each way). */
    private static double[] noise(Random r, int h, int w) {
        double[] a = new double[h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int pass = 0; pass < 6; pass++) {
            boolean horizontal = pass % 2 == 0;
            double[] b = new double[a.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    int n = 0;
                    for (int k = -1; k <= 1; k++) {
                        int yy = horizontal ? y : y + k;
                        int xx = horizontal ? x + k : x;
                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                            sum += a[yy * w + xx];
                            n++;
                        }
                    }
                    b[y * w + x] = sum / n;
                }
            }
            a = b;
        }
        double mean = 0;
        double sq = 0;
        for (double v : a) {
            mean += v;
            sq += v * v;
        }
        mean /= a.length;
        double sd = Math.sqrt(sq / a.length - mean * mean) + 1e-12;
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - mean) / sd;
        }
        return a;
    }
}
