package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The campaign's learning curve (docs/RESULTS.md): validation PSNR and real coded bpp against cumulative
 * training wall-clock hours, as a plot and a table, with what the campaign's rules read: the PSNR slope
 * over the last 5 hours (keep training while it gains ≥ 0.1 dB per 5 hours) and over the last 10 (the base
 * may stop below that), with standard errors, once more at constant rate (the validation bpp drifts, and
 * bits buy PSNR), and a log-law extrapolation of when the slope falls below the rule's threshold.
 */
public final class CampaignReport {
    private CampaignReport() {}

    /** Hours over which the continuation rule measures the slope. */
    public static final double SLOPE_WINDOW_HOURS = 5;
    /** Hours over which the stopping rule (issue 14, point 7) must see less than the threshold. */
    public static final double RULE_WINDOW_HOURS = 10;
    /** The rule's threshold: 0.1 dB per 5 hours. */
    public static final double THRESHOLD_DB_PER_HOUR = 0.1 / 5;
    /**
     * dB of PSNR per doubling of the rate near the base's 0.3–0.5 bpp, to compare validations at different
     * rates: the shipped PSNR family's Kodak curve between its levels at 0.35 and 0.52 bpp
     * (docs/results/kodak/sth-psnr.json, 2.9 dB).
     */
    public static final double DB_PER_RATE_DOUBLING = 2.9;

    /** Writes {@code learning-curve.png} and {@code learning-curve.md} into {@code outDir}; returns the table. */
    public static String write(Path runDir, String name, Path outDir) throws IOException {
        LearningCurve c = LearningCurve.read(name, runDir, LearningCurve.Clock.WALL, 0);
        Files.createDirectories(outDir);
        RdPlot.writeLearningCurves(outDir.resolve("learning-curve.png"), "training campaign: " + name, List.of(c),
                LearningCurve.Clock.WALL.label);
        Properties config = LearningCurve.config(runDir);
        long annealed = Long.parseLong(config.getProperty("warmupSteps", "0").trim())
                + Long.parseLong(config.getProperty("annealSteps", "0").trim());
        String table = table(c, annealed);
        Files.writeString(outDir.resolve("learning-curve.md"), table);
        return table;
    }

    /** @param annealed the step from which σ is at its final value (warm-up plus annealing): the log law's start */
    static String table(LearningCurve c, long annealed) {
        StringBuilder sb = new StringBuilder();
        sb.append("| step | training wall h | validation PSNR (dB) | validation bpp (coded) |\n|---|---|---|---|\n");
        for (LearningCurve.Point p : c.points()) {
            sb.append(String.format(Locale.ROOT, "| %d | %.2f | %.3f | %.4f |%n", p.step(), p.hours(), p.psnr(), p.bpp()));
        }
        double slope = c.psnrSlope(SLOPE_WINDOW_HOURS);
        LearningCurve.Point last = c.last();
        sb.append(String.format(Locale.ROOT, "%nslope of validation PSNR over the last %.0f h (or all of it, %.2f h): %s%n",
                SLOPE_WINDOW_HOURS, last == null ? 0 : Math.min(last.hours(), SLOPE_WINDOW_HOURS),
                Double.isNaN(slope) ? "n/a (fewer than two validations)"
                        : String.format(Locale.ROOT, "%+.3f dB/h = %+.2f dB per 5 h", slope, slope * SLOPE_WINDOW_HOURS)));
        if (last == null) return sb.toString();
        sb.append(String.format(Locale.ROOT, "%nthe stopping rule (less than 0.1 dB per 5 h over the last %.0f h), per 5 h, ± one standard error:%n",
                RULE_WINDOW_HOURS));
        sb.append("- validation PSNR: ").append(per5h(c.trend(RULE_WINDOW_HOURS, LearningCurve.Point::psnr))).append('\n');
        sb.append(String.format(Locale.ROOT, "- at constant rate (PSNR − %.1f dB × log2 bpp): %s%n", DB_PER_RATE_DOUBLING,
                per5h(c.trend(RULE_WINDOW_HOURS, p -> p.psnr() - DB_PER_RATE_DOUBLING * Math.log(p.bpp()) / Math.log(2)))));
        LearningCurve.LogLaw law = c.logLaw(annealed);
        if (law.n() >= 3) {
            sb.append(String.format(Locale.ROOT, "%nextrapolation: PSNR = %.2f %+.3f ln(h), fitted to the %d validations from step %d (σ annealed); ",
                    law.a(), law.b(), law.n(), annealed));
            double h = law.hoursWhereSlopeIs(THRESHOLD_DB_PER_HOUR);
            sb.append(law.b() <= 0 ? "its slope is not positive\n"
                    : String.format(Locale.ROOT, "its slope falls to 0.1 dB per 5 h at %.0f training h (%.2f dB there), %.0f h from now%n",
                            h, law.psnrAt(h), Math.max(0, h - last.hours())));
        }
        return sb.toString();
    }

    private static String per5h(LearningCurve.Trend t) {
        if (Double.isNaN(t.perHour())) return "n/a (fewer than two validations)";
        return String.format(Locale.ROOT, "%+.2f ± %.2f dB (%d validations)", t.perHour() * 5, t.stdError() * 5, t.n());
    }
}
