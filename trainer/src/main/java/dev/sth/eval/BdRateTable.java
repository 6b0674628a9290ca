package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sth.eval.BdRate.Quality;

/**
 * A Markdown table of BD-rate ({@link BdRate}: PCHIP in log rate) of test curves against an anchor
 * curve, one row per test curve, on PSNR-RGB and on MS-SSIM (dB), with notes under it on cells that
 * could not be computed or rest on a small overlap of the quality ranges.
 */
public final class BdRateTable {

    /** A BD-rate whose curves share less than this fraction of their joint quality range is starred. */
    static final double SMALL_OVERLAP = 0.5;

    private BdRateTable() {
    }

    /**
     * The table for the CompressAI JSON curves in {@code anchor} and {@code tests}; test curves that share
     * a name (two runs of the same codec) are told apart by their file names.
     */
    public static String markdown(Path anchor, List<Path> tests) throws IOException {
        RdCurve a = RdCurve.read(anchor);
        List<RdCurve> curves = new ArrayList<>();
        for (Path p : tests) curves.add(RdCurve.read(p));
        java.util.Map<String, Long> uses = curves.stream()
                .collect(java.util.stream.Collectors.groupingBy(RdCurve::name, java.util.stream.Collectors.counting()));
        for (int i = 0; i < curves.size(); i++) {
            RdCurve c = curves.get(i);
            if (uses.get(c.name()) > 1) {
                curves.set(i, new RdCurve(c.name() + " (" + tests.get(i).getFileName() + ")", c.description(), c.results()));
            }
        }
        return markdown(a, curves);
    }

    /** The Markdown table (with a note on partial overlaps), one row per test curve. */
    public static String markdown(RdCurve anchor, List<RdCurve> tests) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "BD-rate against %s (%d points; PCHIP in log rate over the common quality range; "
                + "negative = fewer bits at equal quality)%n%n", anchor.name(), anchor.size()));
        sb.append("| codec | points | bpp range | BD-rate on ").append(Quality.PSNR_RGB.label()).append(" | BD-rate on ")
                .append(Quality.MS_SSIM_DB.label()).append(" |\n");
        sb.append("|---|---|---|---|---|\n");
        List<String> notes = new ArrayList<>();
        for (RdCurve t : tests) {
            sb.append("| ").append(t.name()).append(" | ").append(t.size()).append(" | ").append(bppRange(t));
            for (Quality q : Quality.values()) {
                sb.append(" | ").append(cell(anchor, t, q, notes));
            }
            sb.append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            for (String n : notes) sb.append("- ").append(n).append('\n');
        }
        return sb.toString();
    }

    private static String cell(RdCurve anchor, RdCurve test, Quality q, List<String> notes) {
        try {
            double[] qa = q.of(anchor);
            double[] qt = q.of(test);
            if (qt.length == 1) return onePoint(anchor, test, q, qa, qt[0], notes);
            double v = BdRate.bdRate(anchor, test, q);
            if (Double.isNaN(v)) {
                notes.add(test.name() + " on " + q.label() + ": quality ranges do not overlap");
                return "n/a";
            }
            double overlap = BdRate.overlap(qa, qt);
            String s = String.format(Locale.ROOT, "%+.1f%%", v);
            if (overlap < SMALL_OVERLAP) {
                notes.add(String.format(Locale.ROOT, "%s on %s: the curves share only %.0f%% of their joint quality range",
                        test.name(), q.label(), overlap * 100));
                s += " *";
            }
            return s;
        } catch (IllegalArgumentException e) {
            notes.add(e.getMessage());
            return "n/a";
        }
    }

    /**
     * One point (a model in training, say) has no range to average over: its cell is the rate change
     * against the anchor at the point's own quality, {@link BdRate#rateChangeAtEqualQuality}.
     */
    private static String onePoint(RdCurve anchor, RdCurve test, Quality q, double[] qa, double quality, List<String> notes) {
        double v = BdRate.rateChangeAtEqualQuality(anchor, test.get(RdCurve.BPP).get(0), quality, q);
        String note = test.name() + ": one point, so † marks the rate change against " + anchor.name()
                + " at that point's quality, not an average over a range";
        if (!notes.contains(note)) notes.add(note);
        double lo = java.util.Arrays.stream(qa).min().orElse(Double.NaN);
        double hi = java.util.Arrays.stream(qa).max().orElse(Double.NaN);
        if (quality < lo || quality > hi) {
            notes.add(String.format(Locale.ROOT, "%s on %s: %.3f lies outside %s's range (%.3f–%.3f); its end segment is extended",
                    test.name(), q.label(), quality, anchor.name(), lo, hi));
        }
        return String.format(Locale.ROOT, "%+.1f%% †", v);
    }

    private static String bppRange(RdCurve c) {
        double lo = c.get(RdCurve.BPP).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double hi = c.get(RdCurve.BPP).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f–%.3f", lo, hi);
    }
}
