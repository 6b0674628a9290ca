package dev.sth.eval;

import dev.sth.metrics.Metrics;

/**
 * The whole-image MS-SSIM that {@link Metrics} computed before it streamed rows (session 10's code, kept
 * as the reference the row-streaming version must equal to the last bit): every map of every scale is
 * materialised as a plane.
 */
final class WholeImageMsSsim {
    private static final double[] G = Metrics.gaussianWindow();

    private WholeImageMsSsim() {
    }

    static double msSsim(double[][] a, double[][] b, int width, int height, int scales) {
        double[] w = Metrics.weights(scales);
        double sum = 0;
        for (int c = 0; c < a.length; c++) sum += msSsimChannel(a[c], b[c], width, height, w);
        return sum / a.length;
    }

    private static double msSsimChannel(double[] x, double[] y, int w, int h, double[] weights) {
        int scales = weights.length;
        double result = 1.0;
        for (int j = 0; j < scales; j++) {
            double[] sc = ssimCs(x, y, w, h);
            if (j < scales - 1) {
                result *= Math.pow(Math.max(sc[1], 0.0), weights[j]);
                int nw = (w + 1) / 2;
                int nh = (h + 1) / 2;
                x = avgPool(x, w, h);
                y = avgPool(y, w, h);
                w = nw;
                h = nh;
            } else {
                result *= Math.pow(Math.max(sc[0], 0.0), weights[j]);
            }
        }
        return result;
    }

    /** {mean ssim_map, mean cs_map} of one channel at one scale, valid window. */
    private static double[] ssimCs(double[] x, double[] y, int w, int h) {
        final double c1 = (Metrics.K1 * Metrics.DATA_RANGE) * (Metrics.K1 * Metrics.DATA_RANGE);
        final double c2 = (Metrics.K2 * Metrics.DATA_RANGE) * (Metrics.K2 * Metrics.DATA_RANGE);
        int n = w * h;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        int ow = w - Metrics.WINDOW + 1;
        int oh = h - Metrics.WINDOW + 1;
        double[] mu1 = filter(x, w, h);
        double[] mu2 = filter(y, w, h);
        double[] fxx = filter(xx, w, h);
        double[] fyy = filter(yy, w, h);
        double[] fxy = filter(xy, w, h);
        double ssimSum = 0;
        double csSum = 0;
        int m = ow * oh;
        for (int i = 0; i < m; i++) {
            double m1 = mu1[i];
            double m2 = mu2[i];
            double m1sq = m1 * m1;
            double m2sq = m2 * m2;
            double m12 = m1 * m2;
            double s1 = fxx[i] - m1sq;
            double s2 = fyy[i] - m2sq;
            double s12 = fxy[i] - m12;
            double cs = (2 * s12 + c2) / (s1 + s2 + c2);
            double ssim = ((2 * m12 + c1) / (m1sq + m2sq + c1)) * cs;
            csSum += cs;
            ssimSum += ssim;
        }
        return new double[] {ssimSum / m, csSum / m};
    }

    /** Separable valid Gaussian correlation: [h][w] → [h−10][w−10], row-major. */
    private static double[] filter(double[] src, int w, int h) {
        int ow = w - Metrics.WINDOW + 1;
        int oh = h - Metrics.WINDOW + 1;
        double[] g = G;
        // along H first (as pytorch_msssim: dimension 2 then 3), then along W
        double[] tmp = new double[oh * w];
        for (int oy = 0; oy < oh; oy++) {
            int dst = oy * w;
            for (int k = 0; k < Metrics.WINDOW; k++) {
                double gk = g[k];
                int s = (oy + k) * w;
                for (int xx = 0; xx < w; xx++) tmp[dst + xx] += gk * src[s + xx];
            }
        }
        double[] out = new double[oh * ow];
        for (int oy = 0; oy < oh; oy++) {
            int row = oy * w;
            int dst = oy * ow;
            for (int ox = 0; ox < ow; ox++) {
                int s = row + ox;
                double acc = 0;
                for (int k = 0; k < Metrics.WINDOW; k++) acc += g[k] * tmp[s + k];
                out[dst + ox] = acc;
            }
        }
        return out;
    }

    /**
     * {@code F.avg_pool2d(x, 2, stride 2, padding=(h%2, w%2))}, count_include_pad=True: an odd
     * dimension is zero-padded by one on both sides; windows start at −pad; divisor always 4.
     */
    private static double[] avgPool(double[] x, int w, int h) {
        int pw = w % 2;
        int ph = h % 2;
        int ow = (w + 1) / 2;
        int oh = (h + 1) / 2;
        double[] out = new double[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double s = 0;
                for (int dy = 0; dy < 2; dy++) {
                    int yy = 2 * oy - ph + dy;
                    if (yy < 0 || yy >= h) continue;
                    for (int dx = 0; dx < 2; dx++) {
                        int xx = 2 * ox - pw + dx;
                        if (xx < 0 || xx >= w) continue;
                        s += x[yy * w + xx];
                    }
                }
                out[oy * ow + ox] = s / 4.0;
            }
        }
        return out;
    }

}
