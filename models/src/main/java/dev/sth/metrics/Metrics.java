package dev.sth.metrics;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Image quality metrics on 8-bit RGB images, in double precision, exactly as the project's
 * method notes define them (shared/notes/method.md, "Metrics"), which follow CompressAI's
 * evaluation ({@code compute_metrics}: 8-bit values, {@code pytorch_msssim.ms_ssim(..., data_range=255)}).
 *
 * <h2>PSNR-RGB</h2>
 * MSE over all three channels of one image, {@code 10·log10(255² / MSE)}. Averaging over images is
 * the caller's job (mean of the per-image dB values). Identical images have MSE 0 and PSNR
 * {@link Double#POSITIVE_INFINITY}; callers that average must decide how to treat that.
 *
 * <h2>MS-SSIM (Wang, Simoncelli, Bovik 2003), as pytorch_msssim {@code ms_ssim}</h2>
 * Written from knowledge of pytorch_msssim (v0.2/1.0 code), which this mirrors step by step:
 * <ul>
 *   <li>Window: 1-D Gaussian of 11 taps, σ = 1.5, coordinates {@code i - 5}, normalised to sum 1,
 *       applied separably (rows, then columns) as a <em>valid</em> correlation (no padding).
 *       pytorch_msssim builds the window in float32; here everything is double.</li>
 *   <li>Per channel and scale: C1 = (0.01·255)², C2 = (0.03·255)²; μ = G∗x; σ_x² = G∗(x²) − μ_x²,
 *       σ_xy = G∗(xy) − μ_xμ_y; cs_map = (2σ_xy + C2)/(σ_x² + σ_y² + C2);
 *       ssim_map = (2μ_xμ_y + C1)/(μ_x² + μ_y² + C1) · cs_map; cs and ssim are the plain means of
 *       the maps.</li>
 *   <li>5 scales with weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] (used as they are; they sum
 *       to 1.0001). Between scales {@code F.avg_pool2d(kernel 2, stride 2, padding=(h%2, w%2))}
 *       with PyTorch's defaults {@code count_include_pad=True, ceil_mode=False}: an odd dimension
 *       gets one zero row/column padded on both sides, windows start at −1, the divisor is always 4
 *       (so the first output row/column of an odd dimension averages in zeros) and the trailing
 *       pad is never reached. Odd n → (n+1)/2, even n → n/2.</li>
 *   <li>relu on the cs of scales 1..4 and on the ssim of the last scale ({@code torch.relu} in
 *       pytorch_msssim ≥ 0.2.1), then MS-SSIM_c = Π_{j&lt;5} cs_j^{w_j} · ssim_5^{w_5} per channel;
 *       the result is the mean over the three channels.</li>
 *   <li>pytorch_msssim asserts {@code min(H, W) > (11 - 1)·2⁴ = 160}; {@link #msSsim} throws
 *       {@link IllegalArgumentException} for such images instead.</li>
 * </ul>
 * Extension (not part of the binding metric; used for small training crops and their tests):
 * {@link #msSsim(double[][], double[][], int, int, int)} with fewer scales uses the first
 * {@code scales} weights renormalised to sum 1; {@link #scalesFor(int)} gives the largest
 * usable number of scales for a size.
 *
 * <p>Both metrics work a row at a time ({@link MsSsimRows} for MS-SSIM): measuring a 24-megapixel image
 * needs memory in proportion to its width, not its area.
 *
 * <p>Identical images give exactly 1.0 (every map is exactly 1 in floating point), and
 * {@link #msSsimDb(double)} of 1.0 is {@link Double#POSITIVE_INFINITY}.
 *
 * <p>Pixel layouts accepted: {@link BufferedImage} of any type (read with {@code getRGB}, i.e.
 * converted to sRGB 8-bit by Java2D; alpha ignored), interleaved RGB {@code byte[]} (unsigned) or
 * {@code int[]} (one value 0..255 per sample) of length 3·w·h in row-major order, and planar
 * {@code double[3][w·h]} in 0..255.
 */
public final class Metrics {
    /** Published MS-SSIM weights (Wang et al. 2003), finest scale first. */
    public static final double[] MS_SSIM_WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
    public static final int WINDOW = 11;
    public static final double SIGMA = 1.5;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    public static final double DATA_RANGE = 255.0;
    public static final int MAX_SCALES = 5;

    private static final double[] GAUSS = gaussian(WINDOW, SIGMA);

    private Metrics() {
    }

    // ------------------------------------------------------------------ PSNR

    /**
     * Mean squared error over all samples of two images of equal size (values 0..255), a row at a time:
     * planes of a 24-megapixel image would take 576 MB of doubles each.
     */
    public static double mse(BufferedImage a, BufferedImage b) {
        checkSameSize(a, b);
        int w = a.getWidth();
        int h = a.getHeight();
        int[] ra = new int[w];
        int[] rb = new int[w];
        long s = 0; // exact: at most 3 · 65025 per pixel
        for (int y = 0; y < h; y++) {
            a.getRGB(0, y, w, 1, ra, 0, w);
            b.getRGB(0, y, w, 1, rb, 0, w);
            for (int x = 0; x < w; x++) {
                int u = ra[x];
                int v = rb[x];
                int dr = ((u >>> 16) & 0xFF) - ((v >>> 16) & 0xFF);
                int dg = ((u >>> 8) & 0xFF) - ((v >>> 8) & 0xFF);
                int db = (u & 0xFF) - (v & 0xFF);
                s += dr * dr + dg * dg + db * db;
            }
        }
        return s / (3.0 * w * h);
    }

    /** MSE of interleaved 8-bit RGB (unsigned bytes), length 3·width·height. */
    public static double mse(byte[] a, byte[] b, int width, int height) {
        checkLength(a.length, b.length, width, height);
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xFF) - (b[i] & 0xFF);
            s += d * d;
        }
        return s / (double) a.length;
    }

    /** MSE of interleaved RGB samples 0..255 in {@code int[]}, length 3·width·height. */
    public static double mse(int[] a, int[] b, int width, int height) {
        checkLength(a.length, b.length, width, height);
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            int d = checkSample(a[i]) - checkSample(b[i]);
            s += (long) d * d;
        }
        return s / (double) a.length;
    }

    /** PSNR in dB of one MSE value at 8 bits: {@code 10·log10(255²/mse)}; +∞ for mse == 0. */
    public static double psnr(double mse) {
        if (mse < 0 || Double.isNaN(mse)) throw new IllegalArgumentException("mse must be >= 0: " + mse);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(DATA_RANGE * DATA_RANGE / mse);
    }

    /** PSNR-RGB of one image pair; {@link Double#POSITIVE_INFINITY} for identical images. */
    public static double psnrRgb(BufferedImage a, BufferedImage b) {
        return psnr(mse(a, b));
    }

    /** PSNR-RGB of interleaved unsigned-byte RGB; +∞ for identical images. */
    public static double psnrRgb(byte[] a, byte[] b, int width, int height) {
        return psnr(mse(a, b, width, height));
    }

    /** PSNR-RGB of interleaved int RGB samples (0..255); +∞ for identical images. */
    public static double psnrRgb(int[] a, int[] b, int width, int height) {
        return psnr(mse(a, b, width, height));
    }

    // ------------------------------------------------------------------ MS-SSIM

    /** MS-SSIM (5 scales) of two images of equal size, a row at a time; min side must be &gt; 160. */
    public static double msSsim(BufferedImage a, BufferedImage b) {
        checkSameSize(a, b);
        int w = a.getWidth();
        return msSsim(rgbRows(a), rgbRows(b), 3, w, a.getHeight(), MAX_SCALES);
    }

    /** MS-SSIM (5 scales) of interleaved unsigned-byte RGB; min side must be &gt; 160. */
    public static double msSsim(byte[] a, byte[] b, int width, int height) {
        checkLength(a.length, b.length, width, height);
        return msSsim(interleaved(i -> a[i] & 0xFF, width), interleaved(i -> b[i] & 0xFF, width), 3, width, height, MAX_SCALES);
    }

    /** MS-SSIM (5 scales) of interleaved int RGB samples 0..255; min side must be &gt; 160. */
    public static double msSsim(int[] a, int[] b, int width, int height) {
        checkLength(a.length, b.length, width, height);
        return msSsim(interleaved(i -> checkSample(a[i]), width), interleaved(i -> checkSample(b[i]), width), 3,
                width, height, MAX_SCALES);
    }

    /**
     * MS-SSIM of planar images {@code [channels][width·height]} (row-major, values on the 0..255
     * scale, data range 255), averaged over the channels.
     *
     * @param scales 1..5; 5 is the binding metric. With fewer scales the first {@code scales}
     *               weights are renormalised to sum 1 (a project extension for small crops).
     * @throws IllegalArgumentException if the image is too small for {@code scales} scales with a
     *               valid 11-px window, i.e. unless {@code min(w, h) > 10·2^(scales−1)}
     *               (160 for 5 scales, as pytorch_msssim asserts).
     */
    public static double msSsim(double[][] a, double[][] b, int width, int height, int scales) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("channel counts differ or are zero: " + a.length + " vs " + b.length);
        }
        for (int c = 0; c < a.length; c++) {
            if (a[c].length != (long) width * height || b[c].length != (long) width * height) {
                throw new IllegalArgumentException("plane " + c + " does not have width*height samples");
            }
        }
        return msSsim(planar(a, width), planar(b, width), a.length, width, height, scales);
    }

    private static double msSsim(MsSsimRows.Source a, MsSsimRows.Source b, int channels, int width, int height,
                                 int scales) {
        if (scales < 1 || scales > MAX_SCALES) {
            throw new IllegalArgumentException("scales must be 1..5: " + scales);
        }
        int minSide = Math.min(width, height);
        if (minSide <= minSideExclusive(scales)) {
            throw new IllegalArgumentException("MS-SSIM with " + scales + " scales and an " + WINDOW
                    + "-px valid window needs min(width, height) > " + minSideExclusive(scales)
                    + " (the " + (scales - 1) + " downsamplings); got " + width + "x" + height);
        }
        return MsSsimRows.of(a, b, channels, width, height, weights(scales), GAUSS);
    }

    private static MsSsimRows.Source rgbRows(BufferedImage img) {
        int w = img.getWidth();
        int[] argb = new int[w];
        return (y, dst) -> {
            img.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0; x < w; x++) {
                int v = argb[x];
                dst[0][x] = (v >>> 16) & 0xFF;
                dst[1][x] = (v >>> 8) & 0xFF;
                dst[2][x] = v & 0xFF;
            }
        };
    }

    private static MsSsimRows.Source interleaved(java.util.function.IntUnaryOperator sample, int w) {
        return (y, dst) -> {
            int base = 3 * y * w;
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) dst[c][x] = sample.applyAsInt(base + 3 * x + c);
            }
        };
    }

    private static MsSsimRows.Source planar(double[][] p, int w) {
        return (y, dst) -> {
            for (int c = 0; c < p.length; c++) System.arraycopy(p[c], y * w, dst[c], 0, w);
        };
    }

    /** MS-SSIM in dB: {@code −10·log10(1 − v)}; +∞ for v == 1. */
    public static double msSsimDb(double v) {
        return -10.0 * Math.log10(1.0 - v);
    }

    /**
     * The largest number of scales (≤ 5) usable with a valid 11-px window on an image whose
     * shorter side is {@code minSide}: the largest s with {@code minSide > 10·2^(s−1)}.
     *
     * @throws IllegalArgumentException if {@code minSide < 11} (not even one scale fits)
     */
    public static int scalesFor(int minSide) {
        for (int s = MAX_SCALES; s >= 1; s--) {
            if (minSide > minSideExclusive(s)) return s;
        }
        throw new IllegalArgumentException("image side " + minSide + " is smaller than the " + WINDOW + "-px window");
    }

    /** The weights used with {@code scales} scales: published ones for 5, else renormalised to sum 1. */
    public static double[] weights(int scales) {
        if (scales < 1 || scales > MAX_SCALES) throw new IllegalArgumentException("scales must be 1..5: " + scales);
        double[] w = Arrays.copyOf(MS_SSIM_WEIGHTS, scales);
        if (scales < MAX_SCALES) {
            double s = 0;
            for (double v : w) s += v;
            for (int i = 0; i < scales; i++) w[i] /= s;
        }
        return w;
    }

    /** The normalised 1-D Gaussian window (11 taps, σ 1.5), as pytorch_msssim's {@code _fspecial_gauss_1d}. */
    public static double[] gaussianWindow() {
        return GAUSS.clone();
    }

    private static int minSideExclusive(int scales) {
        return (WINDOW - 1) << (scales - 1);
    }

    private static double[] gaussian(int size, double sigma) {
        double[] g = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double c = i - size / 2;
            g[i] = Math.exp(-(c * c) / (2 * sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < size; i++) g[i] /= sum;
        return g;
    }

    // ------------------------------------------------------------------ pixel access

    /** Planar {@code [3][w·h]} doubles (0..255) of any BufferedImage, via {@code getRGB}. */
    public static double[][] planes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        double[][] p = new double[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            int v = argb[i];
            p[0][i] = (v >>> 16) & 0xFF;
            p[1][i] = (v >>> 8) & 0xFF;
            p[2][i] = v & 0xFF;
        }
        return p;
    }

    /** Planar {@code [3][w·h]} doubles of interleaved unsigned-byte RGB. */
    public static double[][] planes(byte[] rgb, int width, int height) {
        int n = width * height;
        if (rgb.length != 3L * n) throw new IllegalArgumentException("expected 3*w*h = " + 3L * n + " bytes, got " + rgb.length);
        double[][] p = new double[3][n];
        for (int i = 0; i < n; i++) {
            p[0][i] = rgb[3 * i] & 0xFF;
            p[1][i] = rgb[3 * i + 1] & 0xFF;
            p[2][i] = rgb[3 * i + 2] & 0xFF;
        }
        return p;
    }

    /** Planar {@code [3][w·h]} doubles of interleaved int RGB samples (each 0..255). */
    public static double[][] planes(int[] rgb, int width, int height) {
        int n = width * height;
        if (rgb.length != 3L * n) throw new IllegalArgumentException("expected 3*w*h = " + 3L * n + " ints, got " + rgb.length);
        double[][] p = new double[3][n];
        for (int i = 0; i < n; i++) {
            p[0][i] = checkSample(rgb[3 * i]);
            p[1][i] = checkSample(rgb[3 * i + 1]);
            p[2][i] = checkSample(rgb[3 * i + 2]);
        }
        return p;
    }

    private static int checkSample(int v) {
        if ((v & ~0xFF) != 0) throw new IllegalArgumentException("sample out of 0..255: " + v);
        return v;
    }

    private static void checkSameSize(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("image sizes differ: " + a.getWidth() + "x" + a.getHeight()
                    + " vs " + b.getWidth() + "x" + b.getHeight());
        }
    }

    private static void checkLength(int la, int lb, int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("bad size " + width + "x" + height);
        long n = 3L * width * height;
        if (la != n || lb != n) {
            throw new IllegalArgumentException("expected 3*w*h = " + n + " samples, got " + la + " and " + lb);
        }
    }

    /** MS-SSIM, or NaN for images too small for 5 scales (such images are left out of its mean). */
    public static double msSsimOrNaN(BufferedImage a, BufferedImage b) {
        return Math.min(a.getWidth(), a.getHeight()) > minSideExclusive(MAX_SCALES) ? msSsim(a, b) : Double.NaN;
    }
}
