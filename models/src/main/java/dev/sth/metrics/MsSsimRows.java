package dev.sth.metrics;

/**
 * MS-SSIM a row at a time, with memory in proportion to the image's width rather than its area: the
 * planes of a 24-megapixel image and their filtered maps would take about 2 GB of doubles. Each channel
 * runs a chain of scales; a scale keeps the last {@link Metrics#WINDOW} rows of x, y, x², y² and xy,
 * emits one row of the valid Gaussian correlation as each input row arrives, and passes 2 × 2 average
 * pooled rows on to the next scale. The arithmetic, and the order of every sum, is that of the
 * whole-image definition in {@link Metrics}, so the result is the same double.
 */
final class MsSsimRows {

    /** Fills {@code dst[c][0..width)} with row {@code y} of channel c, values 0..255. */
    interface Source {
        void row(int y, double[][] dst);
    }

    private MsSsimRows() {
    }

    /** Mean over the channels of each channel's MS-SSIM; sizes were checked by the caller. */
    static double of(Source a, Source b, int channels, int width, int height, double[] weights, double[] gauss) {
        Scale[] chains = new Scale[channels];
        for (int c = 0; c < channels; c++) chains[c] = new Scale(width, height, weights.length, gauss);
        double[][] ra = new double[channels][width];
        double[][] rb = new double[channels][width];
        for (int y = 0; y < height; y++) {
            a.row(y, ra);
            b.row(y, rb);
            for (int c = 0; c < channels; c++) chains[c].push(ra[c], rb[c]);
        }
        double sum = 0;
        for (int c = 0; c < channels; c++) {
            double result = 1.0;
            Scale s = chains[c];
            for (int j = 0; j < weights.length; j++, s = s.next) {
                double v = j < weights.length - 1 ? s.csSum / s.count() : s.ssimSum / s.count();
                result *= Math.pow(Math.max(v, 0.0), weights[j]);
            }
            sum += result;
        }
        return sum / channels;
    }

    /** One channel at one scale. */
    private static final class Scale {
        private static final double C1 = (Metrics.K1 * Metrics.DATA_RANGE) * (Metrics.K1 * Metrics.DATA_RANGE);
        private static final double C2 = (Metrics.K2 * Metrics.DATA_RANGE) * (Metrics.K2 * Metrics.DATA_RANGE);

        final int w;
        final int h;
        final Scale next;
        final double[] g;
        /** The last WINDOW rows of x, y, x², y², xy; row r in slot r % WINDOW. */
        final double[][][] ring;
        /** One row of the vertical pass of each of the five maps, then one row of each filtered map. */
        final double[][] vertical = new double[5][];
        final double[][] filtered = new double[5][];
        /** The pooling's first input row of the pending output row, or null while there is none. */
        double[] poolX;
        double[] poolY;
        double[] pooledX;
        double[] pooledY;
        int rows;
        double ssimSum;
        double csSum;

        Scale(int w, int h, int scales, double[] g) {
            this.w = w;
            this.h = h;
            this.g = g;
            ring = new double[5][g.length][w];
            for (int k = 0; k < 5; k++) {
                vertical[k] = new double[w];
                filtered[k] = new double[w - g.length + 1];
            }
            if (scales > 1) {
                int nw = (w + 1) / 2;
                next = new Scale(nw, (h + 1) / 2, scales - 1, g);
                pooledX = new double[nw];
                pooledY = new double[nw];
            } else {
                next = null;
            }
        }

        long count() {
            return (long) (w - g.length + 1) * (h - g.length + 1);
        }

        void push(double[] x, double[] y) {
            int r = rows++;
            int slot = r % g.length;
            double[] rx = ring[0][slot], ry = ring[1][slot], rxx = ring[2][slot], ryy = ring[3][slot], rxy = ring[4][slot];
            for (int i = 0; i < w; i++) {
                rx[i] = x[i];
                ry[i] = y[i];
                rxx[i] = x[i] * x[i];
                ryy[i] = y[i] * y[i];
                rxy[i] = x[i] * y[i];
            }
            if (r >= g.length - 1) accumulate(r - g.length + 1);
            if (next != null) pool(r, rx, ry);
        }

        /** Filters output row oy (input rows oy … oy + WINDOW − 1) and adds its maps to the sums. */
        private void accumulate(int oy) {
            int ow = w - g.length + 1;
            for (int k = 0; k < 5; k++) {
                // along H first (as pytorch_msssim: dimension 2 then 3), then along W
                double[] t = vertical[k];
                java.util.Arrays.fill(t, 0.0);
                for (int j = 0; j < g.length; j++) {
                    double gj = g[j];
                    double[] src = ring[k][(oy + j) % g.length];
                    for (int i = 0; i < w; i++) t[i] += gj * src[i];
                }
                double[] out = filtered[k];
                for (int ox = 0; ox < ow; ox++) {
                    double acc = 0;
                    for (int j = 0; j < g.length; j++) acc += g[j] * t[ox + j];
                    out[ox] = acc;
                }
            }
            double[] mu1 = filtered[0], mu2 = filtered[1], fxx = filtered[2], fyy = filtered[3], fxy = filtered[4];
            for (int i = 0; i < ow; i++) {
                double m1 = mu1[i];
                double m2 = mu2[i];
                double m1sq = m1 * m1;
                double m2sq = m2 * m2;
                double m12 = m1 * m2;
                double s1 = fxx[i] - m1sq;
                double s2 = fyy[i] - m2sq;
                double s12 = fxy[i] - m12;
                double cs = (2 * s12 + C2) / (s1 + s2 + C2);
                double ssim = ((2 * m12 + C1) / (m1sq + m2sq + C1)) * cs;
                csSum += cs;
                ssimSum += ssim;
            }
        }

        /**
         * {@code F.avg_pool2d(x, 2, stride 2, padding=(h%2, w%2))}, count_include_pad: output row oy
         * averages input rows 2·oy − h%2 and the one after (zeros outside), divisor always 4. The last
         * input row is always the second of its pair, so each output row is complete at an odd position.
         */
        private void pool(int r, double[] x, double[] y) {
            int ph = h % 2;
            if ((r + ph) % 2 == 0) {
                // the ring keeps this row until WINDOW more have arrived
                poolX = x;
                poolY = y;
                return;
            }
            int pw = w % 2;
            int ow = (w + 1) / 2;
            for (int ox = 0; ox < ow; ox++) {
                double sx = 0;
                double sy = 0;
                int x0 = 2 * ox - pw;
                if (poolX != null) {
                    for (int dx = 0; dx < 2; dx++) {
                        int xx = x0 + dx;
                        if (xx < 0 || xx >= w) continue;
                        sx += poolX[xx];
                        sy += poolY[xx];
                    }
                }
                for (int dx = 0; dx < 2; dx++) {
                    int xx = x0 + dx;
                    if (xx < 0 || xx >= w) continue;
                    sx += x[xx];
                    sy += y[xx];
                }
                pooledX[ox] = sx / 4.0;
                pooledY[ox] = sy / 4.0;
            }
            poolX = null;
            poolY = null;
            next.push(pooledX, pooledY);
        }
    }
}
