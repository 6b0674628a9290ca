package dev.sth.entropy;

import dev.sth.format.SymbolShape;
import java.util.Random;

/** Symbol sources for the tests: i.i.d. draws and smooth, channel-correlated fields like real latents. */
public final class TestTensors {
    private TestTensors() {}

    /** n i.i.d. symbols drawn from {@code weights} (unnormalized). */
    public static int[] iid(Random r, double[] weights, int n) {
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cdf[i] = sum;
        }
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            double u = r.nextDouble() * sum;
            int lo = 0;
            int hi = weights.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (u < cdf[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out[k] = lo;
        }
        return out;
    }

    /** Two-sided geometric weights around the center: the shape of a quantized Laplacian latent. */
    public static double[] laplacian(int alphabet, double decay) {
        double[] w = new double[alphabet];
        for (int i = 0; i < alphabet; i++) {
            w[i] = Math.pow(decay, Math.abs(i - alphabet / 2));
        }
        return w;
    }

    /** Zipf-like weights 1/(i+1)^s. */
    public static double[] zipf(int alphabet, double s) {
        double[] w = new double[alphabet];
        for (int i = 0; i < alphabet; i++) {
            w[i] = 1 / Math.pow(i + 1, s);
        }
        return w;
    }

    /** Empirical entropy n * H(p_hat) in bits of a symbol array. */
    public static double empiricalBits(int[] symbols, int alphabet) {
        long[] counts = new long[alphabet];
        for (int s : symbols) {
            counts[s]++;
        }
        double bits = 0;
        double n = symbols.length;
        for (long c : counts) {
            if (c > 0) {
                bits -= c * (Math.log(c / n) / Math.log(2));
            }
        }
        return bits;
    }

    /**
     * A smooth random field per channel (white noise, box-blurred three times, so neighbours are
     * strongly correlated), channels sharing part of their field, quantized to L levels around 0.
     *
     * @param radius blur radius (larger = smoother)
     */
    public static SymbolTensor smoothField(Random r, SymbolShape shape, int alphabet, int radius) {
        int h = shape.height();
        int w = shape.width();
        double[] shared = blurredNoise(r, h, w, radius);
        int[] out = new int[shape.size()];
        double step = 5.0 / alphabet; // L levels over +-2.5 standard deviations
        for (int c = 0; c < shape.channels(); c++) {
            double[] own = blurredNoise(r, h, w, radius);
            double scale = 0.6 + 0.8 * r.nextDouble(); // channels differ in spread
            for (int i = 0; i < h * w; i++) {
                double v = (0.6 * shared[i] + 0.8 * own[i]) * scale;
                int q = (int) Math.floor(v / step + alphabet / 2.0);
                out[c * h * w + i] = Math.max(0, Math.min(alphabet - 1, q));
            }
        }
        return SymbolTensor.of(shape, alphabet, out);
    }

    private static double[] blurredNoise(Random r, int h, int w, int radius) {
        double[] a = new double[h * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int pass = 0; pass < 3; pass++) {
            a = blur(a, h, w, radius, true);
            a = blur(a, h, w, radius, false);
        }
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double var = 0;
        for (double v : a) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / a.length) + 1e-12;
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] - mean) / sd;
        }
        return a;
    }

    private static double[] blur(double[] a, int h, int w, int radius, boolean horizontal) {
        double[] out = new double[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                int n = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = horizontal ? y : y + k;
                    int xx = horizontal ? x + k : x;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                        sum += a[yy * w + xx];
                        n++;
                    }
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
    }
}
