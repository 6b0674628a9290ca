package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The campaign's learning curve (docs/RESULTS.md): validation PSNR and real coded bpp against cumulative
 * training wall-clock hours, as a plot and a table, with the PSNR slope over the last 5 hours that the
 * campaign's continuation rule reads (≥ 0.1 dB per 5 hours).
 */
public final class CampaignReport {
    private CampaignReport() {}

    /** Hours over which the continuation rule measures the slope. */
    public static final double SLOPE_WINDOW_HOURS = 5;

    /** Writes {@code learning-curve.png} and {@code learning-curve.md} into {@code outDir}; returns the table. */
    public static String write(Path runDir, String name, Path outDir) throws IOException {
        LearningCurve c = LearningCurve.read(name, runDir, LearningCurve.Clock.WALL, 0);
        Files.createDirectories(outDir);
        RdPlot.writeLearningCurves(outDir.resolve("learning-curve.png"), "training campaign: " + name, List.of(c),
                LearningCurve.Clock.WALL.label);
        String table = table(c);
        Files.writeString(outDir.resolve("learning-curve.md"), table);
        return table;
    }

    static String table(LearningCurve c) {
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
        return sb.toString();
    }
}
