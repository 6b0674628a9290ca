package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.sth.eval.BdRate.Quality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bdrate --anchor hevc.json --test a.json [--test b.json …]}: a Markdown table of BD-rate
 * (PCHIP in log rate, see {@link BdRate}) of every test curve against the anchor, on PSNR-RGB and on
 * MS-SSIM (dB). Curves are CompressAI JSON files.
 */
@Command(name = "bdrate", mixinStandardHelpOptions = true,
        description = {"Prints a Markdown table of BD-rate (piecewise cubic, PCHIP in log rate) of test curves "
                + "against an anchor curve, on PSNR-RGB and MS-SSIM (dB). Negative = fewer bits at equal quality.",
                "Curves are CompressAI JSON: {\"name\", \"results\": {\"bpp\", \"psnr-rgb\", \"ms-ssim\"}}."})
public final class BdRateCommand implements Callable<Integer> {

    @Option(names = "--anchor", required = true, description = "anchor curve (CompressAI JSON), e.g. hevc.json")
    Path anchor;
    @Option(names = "--test", required = true, description = "test curve(s) (CompressAI JSON); repeat the option")
    List<Path> tests = new ArrayList<>();
    @Option(names = "--out", description = "also write the table to this file")
    Path out;

    @Override
    public Integer call() throws IOException {
        RdCurve a = RdCurve.read(anchor);
        String table = table(a, readAll(tests));
        System.out.print(table);
        if (out != null) Files.writeString(out, table);
        return 0;
    }

    private static List<RdCurve> readAll(List<Path> files) throws IOException {
        List<RdCurve> curves = new ArrayList<>();
        for (Path p : files) curves.add(RdCurve.read(p));
        return curves;
    }

    /** The Markdown table (with a note on partial overlaps), one row per test curve. */
    static String table(RdCurve anchor, List<RdCurve> tests) {
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
            double v = BdRate.bdRate(anchor, test, q);
            if (Double.isNaN(v)) {
                notes.add(test.name() + " on " + q.label() + ": quality ranges do not overlap");
                return "n/a";
            }
            double overlap = BdRate.overlap(qa, qt);
            String s = String.format(Locale.ROOT, "%+.1f%%", v);
            if (overlap < 0.5) {
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

    private static String bppRange(RdCurve c) {
        double lo = c.get(RdCurve.BPP).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double hi = c.get(RdCurve.BPP).stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f–%.3f", lo, hi);
    }
}
