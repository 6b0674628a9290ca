package dev.sth.eval;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A training run's validation figures against its training time, read from the run's
 * {@code log.csv}: one point per validation row.
 *
 * <p>Time is the log's cumulative {@code cpu_s} (CPU seconds of the training process, the fair
 * clock when other work shares the cores) or {@code wall_s}. Logs written before those columns
 * existed have only per-window {@code images_per_s}; their clock is rebuilt from it (steps × batch
 * ÷ images/s, validation left out) and, where the run's total is known from outside, scaled to it.
 */
public record LearningCurve(String name, List<Point> points, boolean rebuilt) {

    /** One validation: step, cumulative hours on the chosen clock, PSNR (dB), real coded bpp. */
    public record Point(long step, double hours, double psnr, double bpp) {
    }

    public enum Clock {
        CPU("cpu_s", "training CPU hours (all threads)"), WALL("wall_s", "training wall-clock hours");

        final String column;
        public final String label;

        Clock(String column, String label) {
            this.column = column;
            this.label = label;
        }
    }

    /**
     * @param legacyTotalSeconds for a log without the clock's column, the run's measured total on that
     *                           clock (its rebuilt times are scaled to it); 0 to leave them unscaled
     */
    public static LearningCurve read(String name, Path runDir, Clock clock, double legacyTotalSeconds) throws IOException {
        List<String> lines = Files.readAllLines(runDir.resolve("log.csv"));
        if (lines.isEmpty()) throw new IOException(runDir.resolve("log.csv") + ": empty log");
        List<String> header = List.of(lines.get(0).split(","));
        int time = header.indexOf(clock.column);
        int psnr = column(header, "val_psnr", runDir);
        int bpp = column(header, "val_bpp", runDir);
        int ips = column(header, "images_per_s", runDir);
        int batch = batch(runDir);
        List<Point> points = new ArrayList<>();
        double rebuiltSeconds = 0;
        long prev = 0;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",", -1);
            long step = Long.parseLong(f[0]);
            double v = Double.parseDouble(f[ips]);
            if (step > prev && v > 0) rebuiltSeconds += (step - prev) * (double) batch / v;
            prev = step;
            if (f[psnr].isEmpty()) continue;
            double seconds = time >= 0 && f.length > time && !f[time].isEmpty() ? Double.parseDouble(f[time]) : rebuiltSeconds;
            points.add(new Point(step, seconds / 3600, Double.parseDouble(f[psnr]), Double.parseDouble(f[bpp])));
        }
        boolean rebuilt = time < 0;
        if (rebuilt && legacyTotalSeconds > 0 && rebuiltSeconds > 0) {
            double k = legacyTotalSeconds / rebuiltSeconds;
            points.replaceAll(p -> new Point(p.step(), p.hours() * k, p.psnr(), p.bpp()));
        }
        return new LearningCurve(name, points, rebuilt);
    }

    /** The last point, or null for a run that has not validated yet. */
    public Point last() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    /**
     * The least-squares slope of validation PSNR against hours over the last {@code hours} of the curve
     * (dB per hour); NaN with fewer than two points there.
     */
    public double psnrSlope(double hours) {
        return trend(hours, Point::psnr).perHour();
    }

    /** A least-squares line: its slope per hour, the slope's standard error (NaN below 3 points), the points. */
    public record Trend(double perHour, double stdError, long n) {
    }

    /** The least-squares line of {@code y} against hours over the last {@code hours} of the curve. */
    public Trend trend(double hours, ToDoubleFunction<Point> y) {
        Point end = last();
        if (end == null) return new Trend(Double.NaN, Double.NaN, 0);
        SimpleRegression r = new SimpleRegression();
        for (Point p : points) {
            if (p.hours() >= end.hours() - hours) r.addData(p.hours(), y.applyAsDouble(p));
        }
        return new Trend(r.getSlope(), r.getSlopeStdErr(), r.getN());
    }

    /**
     * {@code psnr = a + b ln(hours)}, the curve's usual shape once the learning rate is constant: its slope
     * {@code b / hours} falls as the inverse of training time.
     */
    public record LogLaw(double a, double b, long n, long fromStep) {
        public double psnrAt(double hours) {
            return a + b * Math.log(hours);
        }

        /** The hours at which the fitted slope falls to {@code dbPerHour}; 0 if it already had (b ≤ 0). */
        public double hoursWhereSlopeIs(double dbPerHour) {
            return Math.max(0, b / dbPerHour);
        }
    }

    /** The log law fitted to the validations from {@code fromStep} on (NaN coefficients below two points). */
    public LogLaw logLaw(long fromStep) {
        SimpleRegression r = new SimpleRegression();
        for (Point p : points) {
            if (p.step() >= fromStep && p.hours() > 0) r.addData(Math.log(p.hours()), p.psnr());
        }
        return new LogLaw(r.getIntercept(), r.getSlope(), r.getN(), fromStep);
    }

    private static int column(List<String> header, String name, Path runDir) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) throw new IOException(runDir.resolve("log.csv") + ": no column " + name);
        return i;
    }

    private static int batch(Path runDir) throws IOException {
        return Integer.parseInt(config(runDir).getProperty("batch", "0").trim());
    }

    static Properties config(Path runDir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(runDir.resolve("config.properties"))) {
            p.load(r);
        }
        return p;
    }
}
