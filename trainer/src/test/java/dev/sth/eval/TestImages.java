package dev.sth.eval;

/**
 * Deterministic 8-bit RGB test images (interleaved int[] of length 3·w·h, row-major, samples
 * 0..255), generated with integer arithmetic only so that they are bit-identical to
 * {@code make_image}, {@code add_noise} and {@code box_blur} in
 * src/test/resources/reference/msssim_reference.py.
 */
public final class TestImages {
    private TestImages() {
    }

    /** Knuth's MMIX LCG; {@link #next()} returns the top 31 bits of the 64-bit state. */
    static final class Lcg {
        private long s;

        Lcg(long seed) {
            s = seed;
        }

        long next() {
            s = s * 6364136223846793005L + 1442695040888963407L;
            return s >>> 33;
        }
    }

    /** Two integer patterns (a triangle-wave ramp and quadratic rings) plus LCG texture in ±4. */
    public static int[] make(int w, int h, long seed) {
        Lcg rng = new Lcg(seed);
        int[] img = new int[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int t1 = (x * (3 + c) + y * (2 + 2 * c)) % 512;
                    int tri = t1 < 256 ? t1 : 511 - t1;
                    int t2 = ((x * x + 3 * y * y) / (40 + 10 * c)) % 256;
                    int v = (tri * 3 + t2) / 4 + (int) (rng.next() % 9) - 4;
                    img[(y * w + x) * 3 + c] = clamp(v);
                }
            }
        }
        return img;
    }

    /** Uniform integer noise in [−amp, amp] per sample (order y, x, c), clamped to 0..255. */
    public static int[] addNoise(int[] img, int w, int h, int amp, long seed) {
        Lcg rng = new Lcg(seed);
        int[] out = new int[img.length];
        for (int i = 0; i < img.length; i++) {
            int d = (int) (rng.next() % (2 * amp + 1)) - amp;
            out[i] = clamp(img[i] + d);
        }
        return out;
    }

    /** 3×3 box blur with edge replication, integer floor division. */
    public static int[] boxBlur(int[] img, int w, int h) {
        int[] out = new int[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int s = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            s += img[(yy * w + xx) * 3 + c];
                        }
                    }
                    out[(y * w + x) * 3 + c] = s / 9;
                }
            }
        }
        return out;
    }

    public static int[] invert(int[] img) {
        int[] out = new int[img.length];
        for (int i = 0; i < img.length; i++) out[i] = 255 - img[i];
        return out;
    }

    public static long sum(int[] img) {
        long s = 0;
        for (int v : img) s += v;
        return s;
    }

    private static int clamp(int v) {
        return Math.min(255, Math.max(0, v));
    }
}
