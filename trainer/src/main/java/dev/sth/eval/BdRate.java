package dev.sth.eval;

import dev.sth.metrics.Metrics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Bjøntegaard delta rate (BD-rate): the mean relative difference in bit rate between two
 * rate-quality curves at equal quality, in percent. Negative means the test curve needs fewer bits
 * than the anchor for the same quality.
 *
 * <h2>The variant implemented: PCHIP in log rate, exact integral</h2>
 * This is the "piecewise cubic" BD-rate of the JCT-VC/JVET common-test-conditions spreadsheets as
 * the {@code bjontegaard} Python package computes it with {@code method="pchip"}
 * (its {@code bd_piecewise_cubic.bd_rate}):
 * <ol>
 *   <li>For each curve, the points are ordered by quality Q (PSNR-RGB in dB, or MS-SSIM in dB) and
 *       log-rate {@code y = ln(bpp)} is interpolated as a function of Q with a piecewise cubic
 *       Hermite interpolant (PCHIP, Fritsch–Carlson monotone scheme as SciPy's
 *       {@code PchipInterpolator} and MATLAB's {@code pchip} compute it):
 *       <ul>
 *         <li>secants {@code m_k = (y_{k+1} − y_k) / h_k}, {@code h_k = Q_{k+1} − Q_k};</li>
 *         <li>interior slopes: 0 where {@code m_{k−1}} and {@code m_k} differ in sign or either is
 *             0; otherwise the weighted harmonic mean
 *             {@code (w1 + w2) / (w1/m_{k−1} + w2/m_k)}, {@code w1 = 2h_k + h_{k−1}},
 *             {@code w2 = h_k + 2h_{k−1}};</li>
 *         <li>end slopes: the shape-preserving three-point formula
 *             {@code d = ((2h_0 + h_1) m_0 − h_0 m_1) / (h_0 + h_1)}, set to 0 if its sign differs
 *             from {@code m_0}, and to {@code 3 m_0} if {@code m_0} and {@code m_1} differ in sign and
 *             {@code |d| > 3|m_0|} (mirrored at the other end);</li>
 *         <li>with only two points the interpolant is the straight line.</li>
 *       </ul></li>
 *   <li>Both interpolants are integrated <em>exactly</em> (cubic by cubic, in closed form) over the
 *       overlap of the two quality ranges {@code [max(minQ_a, minQ_t), min(maxQ_a, maxQ_t)]}; no
 *       extrapolation.</li>
 *   <li>{@code BD-rate = (exp((∫y_t − ∫y_a) / (Q_hi − Q_lo)) − 1) · 100}. The package uses
 *       {@code log10} and {@code 10^x}; natural logs give the same number.</li>
 * </ol>
 * <b>Why this variant.</b> Bjøntegaard's original VCEG-M33 method fits one cubic polynomial through
 * all points by least squares; it can oscillate and is known to give misleading values for some
 * curve shapes, which is why the HEVC CTC sheets moved to PCHIP. PCHIP passes through every point,
 * keeps monotone data monotone and needs no least-squares fit, so it is well defined from two points
 * up. It is the {@code bjontegaard} package's {@code "pchip"} method and what the CompressAI-style
 * "piecewise cubic" comparisons mean. (The package's default, Akima, is a different interpolant and
 * is not implemented here.) A rate scaled by a constant {@code s} at every point shifts log-rate by
 * {@code ln s} and leaves the slopes unchanged, so BD-rate is exactly {@code (s − 1)·100}.
 *
 * <h2>Quality axes</h2>
 * {@link Quality#PSNR_RGB} reads CompressAI's {@code "psnr-rgb"} values. {@link Quality#MS_SSIM_DB}
 * is {@code −10·log10(1 − ms-ssim)} of each point's <em>mean</em> MS-SSIM ({@code "ms-ssim"}),
 * which is how CompressAI plots MS-SSIM in dB and the only form that can be computed from a
 * published table; a curve without {@code "ms-ssim"} falls back to its {@code "ms-ssim-db"}
 * values (our {@code eval} writes the mean of per-image dB there, which is slightly different).
 * Rate is {@code "bpp"}.
 *
 * <p>Requirements: at least 2 points per curve, positive finite rates, finite and distinct qualities.
 * Rates need not be monotone in quality (PCHIP handles any data), but real curves are. If the
 * quality ranges do not overlap the result is {@link Double#NaN}.
 */
public final class BdRate {

    /** The quality axis of a comparison. */
    public enum Quality {
        PSNR_RGB("PSNR-RGB"),
        MS_SSIM_DB("MS-SSIM (dB)");

        private final String label;

        Quality(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** This quality for every point of {@code curve}, in the curve's order. */
        public double[] of(RdCurve curve) {
            if (this == PSNR_RGB) return metricValues(curve, RdCurve.PSNR);
            List<Double> ms = curve.get(RdCurve.MS_SSIM);
            if (!ms.isEmpty()) {
                double[] v = metricValues(curve, RdCurve.MS_SSIM);
                for (int i = 0; i < v.length; i++) v[i] = Metrics.msSsimDb(v[i]);
                return v;
            }
            return metricValues(curve, RdCurve.MS_SSIM_DB);
        }
    }

    private BdRate() {
    }

    /** BD-rate in percent of {@code test} against {@code anchor} on the given quality axis. */
    public static double bdRate(RdCurve anchor, RdCurve test, Quality quality) {
        try {
            return bdRate(metricValues(anchor, RdCurve.BPP), quality.of(anchor), metricValues(test, RdCurve.BPP), quality.of(test));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(anchor.name() + " vs " + test.name() + " on " + quality.label() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * BD-rate in percent of the test curve against the anchor: PCHIP of ln(rate) over quality,
     * integrated exactly over the common quality range (see the class comment).
     *
     * @return percent; negative = fewer bits at equal quality; NaN if the quality ranges do not overlap
     * @throws IllegalArgumentException on fewer than 2 points, mismatched lengths, a non-positive or
     *         non-finite rate, a non-finite quality or two points of one curve with equal quality
     */
    public static double bdRate(double[] anchorRate, double[] anchorQuality, double[] testRate, double[] testQuality) {
        Pchip a = Pchip.logRate("anchor", anchorRate, anchorQuality);
        Pchip t = Pchip.logRate("test", testRate, testQuality);
        double lo = Math.max(a.x[0], t.x[0]);
        double hi = Math.min(a.x[a.x.length - 1], t.x[t.x.length - 1]);
        if (!(hi > lo)) return Double.NaN;
        double avg = (t.integrate(lo, hi) - a.integrate(lo, hi)) / (hi - lo);
        return Math.expm1(avg) * 100.0;
    }

    /**
     * How many more bits one point (rate, quality) spends than the anchor curve at the same quality,
     * in percent: the local form of BD-rate, for judging one model of a family. Inside the anchor's
     * quality range this is its PCHIP in log rate; outside it, the end segment's slope extended.
     */
    public static double rateChangeAtEqualQuality(RdCurve anchor, double rate, double quality, Quality q) {
        Pchip a = Pchip.logRate(anchor.name(), metricValues(anchor, RdCurve.BPP), q.of(anchor));
        double lnRate;
        int n = a.x.length;
        if (quality < a.x[0]) lnRate = a.y[0] + a.d[0] * (quality - a.x[0]);
        else if (quality > a.x[n - 1]) lnRate = a.y[n - 1] + a.d[n - 1] * (quality - a.x[n - 1]);
        else lnRate = a.value(quality);
        return Math.expm1(Math.log(rate) - lnRate) * 100.0;
    }

    /** Fraction of the union of the two quality ranges that both curves cover (0..1); 0 if disjoint. */
    public static double overlap(double[] anchorQuality, double[] testQuality) {
        double aMin = Arrays.stream(anchorQuality).min().orElse(Double.NaN);
        double aMax = Arrays.stream(anchorQuality).max().orElse(Double.NaN);
        double tMin = Arrays.stream(testQuality).min().orElse(Double.NaN);
        double tMax = Arrays.stream(testQuality).max().orElse(Double.NaN);
        double inter = Math.min(aMax, tMax) - Math.max(aMin, tMin);
        double union = Math.max(aMax, tMax) - Math.min(aMin, tMin);
        return inter <= 0 || !(union > 0) ? 0.0 : inter / union;
    }

    private static double[] metricValues(RdCurve curve, String metric) {
        List<Double> v = curve.get(metric);
        if (v.isEmpty()) throw new IllegalArgumentException(curve.name() + ": no \"" + metric + "\" values");
        if (v.size() != curve.size()) {
            throw new IllegalArgumentException(curve.name() + ": " + v.size() + " \"" + metric + "\" values for "
                    + curve.size() + " rate points");
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Monotone piecewise cubic Hermite interpolant (SciPy {@code PchipInterpolator} slopes). */
    static final class Pchip {
        final double[] x;
        final double[] y;
        final double[] d;

        Pchip(double[] x, double[] y) {
            int n = x.length;
            if (n < 2 || y.length != n) throw new IllegalArgumentException("need >= 2 points of (x, y), got " + n);
            for (int i = 0; i + 1 < n; i++) {
                if (!(x[i + 1] > x[i])) throw new IllegalArgumentException("x must be strictly increasing at " + i);
            }
            this.x = x;
            this.y = y;
            this.d = slopes(x, y);
        }

        /** ln(rate) as a function of quality; the points are sorted by quality. */
        static Pchip logRate(String which, double[] rate, double[] quality) {
            if (rate.length != quality.length) {
                throw new IllegalArgumentException(which + ": " + rate.length + " rates but " + quality.length + " qualities");
            }
            if (rate.length < 2) throw new IllegalArgumentException(which + ": need at least 2 rate points, got " + rate.length);
            Integer[] order = new Integer[rate.length];
            for (int i = 0; i < order.length; i++) {
                if (!(rate[i] > 0) || Double.isInfinite(rate[i])) {
                    throw new IllegalArgumentException(which + ": rate " + rate[i] + " at point " + i + " is not positive and finite");
                }
                if (!Double.isFinite(quality[i])) {
                    throw new IllegalArgumentException(which + ": quality " + quality[i] + " at point " + i + " is not finite");
                }
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> quality[i]));
            double[] x = new double[rate.length];
            double[] y = new double[rate.length];
            for (int k = 0; k < order.length; k++) {
                x[k] = quality[order[k]];
                y[k] = Math.log(rate[order[k]]);
                if (k > 0 && x[k] == x[k - 1]) {
                    throw new IllegalArgumentException(which + ": two points with the same quality "
                            + String.format(Locale.ROOT, "%.6g", x[k]));
                }
            }
            return new Pchip(x, y);
        }

        static double[] slopes(double[] x, double[] y) {
            int n = x.length;
            double[] h = new double[n - 1];
            double[] m = new double[n - 1];
            for (int k = 0; k < n - 1; k++) {
                h[k] = x[k + 1] - x[k];
                m[k] = (y[k + 1] - y[k]) / h[k];
            }
            double[] d = new double[n];
            if (n == 2) {
                d[0] = m[0];
                d[1] = m[0];
                return d;
            }
            for (int k = 1; k < n - 1; k++) {
                double m0 = m[k - 1];
                double m1 = m[k];
                if (m0 == 0 || m1 == 0 || Math.signum(m0) != Math.signum(m1)) {
                    d[k] = 0;
                } else {
                    double w1 = 2 * h[k] + h[k - 1];
                    double w2 = h[k] + 2 * h[k - 1];
                    d[k] = (w1 + w2) / (w1 / m0 + w2 / m1);
                }
            }
            d[0] = edge(h[0], h[1], m[0], m[1]);
            d[n - 1] = edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3]);
            return d;
        }

        /** One-sided three-point end slope with the shape-preserving limits. */
        private static double edge(double h0, double h1, double m0, double m1) {
            double d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1);
            if (Math.signum(d) != Math.signum(m0)) return 0;
            if (Math.signum(m0) != Math.signum(m1) && Math.abs(d) > Math.abs(3 * m0)) return 3 * m0;
            return d;
        }

        /** The interpolant at {@code q} (x[0] ≤ q ≤ x[n−1]). */
        double value(double q) {
            int k = segment(q);
            double t = q - x[k];
            double[] c = coefficients(k);
            return c[0] + t * (c[1] + t * (c[2] + t * c[3]));
        }

        /** ∫_lo^hi of the interpolant, exactly, for x[0] ≤ lo ≤ hi ≤ x[n−1]. */
        double integrate(double lo, double hi) {
            double sum = 0;
            for (int k = 0; k < x.length - 1; k++) {
                double a = Math.max(lo, x[k]);
                double b = Math.min(hi, x[k + 1]);
                if (b <= a) continue;
                double[] c = coefficients(k);
                sum += primitive(c, b - x[k]) - primitive(c, a - x[k]);
            }
            return sum;
        }

        private int segment(double q) {
            int k = Arrays.binarySearch(x, q);
            if (k < 0) k = -k - 2;
            return Math.max(0, Math.min(x.length - 2, k));
        }

        /** Power-basis coefficients of segment k in t = q − x[k]: c0 + c1 t + c2 t² + c3 t³. */
        private double[] coefficients(int k) {
            double hk = x[k + 1] - x[k];
            double mk = (y[k + 1] - y[k]) / hk;
            double c2 = (3 * mk - 2 * d[k] - d[k + 1]) / hk;
            double c3 = (d[k] + d[k + 1] - 2 * mk) / (hk * hk);
            return new double[] {y[k], d[k], c2, c3};
        }

        private static double primitive(double[] c, double t) {
            return t * (c[0] + t * (c[1] / 2 + t * (c[2] / 3 + t * c[3] / 4)));
        }
    }
}
