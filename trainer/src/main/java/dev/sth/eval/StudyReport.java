package dev.sth.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.SthNetwork;

/**
 * The equal-compute architecture study (docs/RESULTS.md): for each variant, its network's size and
 * cost, its training run's throughput and learning curve, and its exported model measured on a
 * dataset through real files ({@code eval}'s JSON), with its PSNR gain over a reference family at
 * the same bpp.
 */
public final class StudyReport {

    /** One variant: its run folder, its exported bundle, and its eval results (one rate point). */
    public record Variant(String label, Path run, Path bundle, Path eval, double legacyCpuSeconds) {
    }

    /** A measured row of the table. */
    public record Row(String label, String network, long parameters, double macsPerPixel, long steps,
                      double cpuHours, double wallHours, double pixelsPerWallSecond, double pixelsPerCpuSecond,
                      double bpp, double psnr, double gain, double decodeSeconds, double slope) {
    }

    private StudyReport() {
    }

    public static List<Row> rows(List<Variant> variants, RdCurve reference) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            ModelBundle b = ModelBundle.load(v.bundle(), true);
            NetworkConfig net = b.network();
            long params = 0;
            for (INDArray a : b.allWeights().values()) params += a.length();
            RdCurve e = RdCurve.read(v.eval());
            double bpp = e.get(RdCurve.BPP).get(0);
            double psnr = e.get(RdCurve.PSNR).get(0);
            List<Double> dec = e.get(RdCurve.DECODING_TIME);
            LearningCurve cpu = LearningCurve.read(v.label(), v.run(), LearningCurve.Clock.CPU, v.legacyCpuSeconds());
            LearningCurve wall = LearningCurve.read(v.label(), v.run(), LearningCurve.Clock.WALL, 0);
            long steps = cpu.last().step();
            int crop = crop(v.run());
            int batch = batch(v.run());
            double pixels = (double) steps * batch * crop * crop;
            double cpuH = cpu.last().hours();
            double wallH = wall.last().hours();
            rows.add(new Row(v.label(), describe(net), params, new SthNetwork(net).multiplyAddsPerPixel(), steps,
                    cpuH, wallH, pixels / (wallH * 3600), pixels / (cpuH * 3600), bpp, psnr,
                    psnr - interpolatePsnr(reference, bpp), dec.isEmpty() ? Double.NaN : dec.get(0),
                    cpu.psnrSlope(0.5 * cpuH)));
        }
        return rows;
    }

    /**
     * The reference curve's PSNR at {@code bpp}: piecewise linear in log(bpp) between its points
     * (extrapolated from the end segments outside them).
     */
    public static double interpolatePsnr(RdCurve curve, double bpp) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < curve.size(); i++) pts.add(new double[] {Math.log(curve.get(RdCurve.BPP).get(i)), curve.get(RdCurve.PSNR).get(i)});
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        if (pts.size() < 2) throw new IllegalArgumentException(curve.name() + ": needs at least two rate points");
        double x = Math.log(bpp);
        int i = 0;
        while (i < pts.size() - 2 && x > pts.get(i + 1)[0]) i++;
        double[] a = pts.get(i);
        double[] c = pts.get(i + 1);
        return a[1] + (c[1] - a[1]) * (x - a[0]) / (c[0] - a[0]);
    }

    public static String markdown(List<Row> rows, String dataset, String reference) {
        StringBuilder sb = new StringBuilder();
        sb.append("| variant | network | parameters | MACs/pixel (fwd) | steps | CPU-h | wall-h | training px/s (wall) | px per CPU-s | ")
                .append(dataset).append(" bpp | PSNR-RGB (dB) | ΔPSNR vs ").append(reference)
                .append(" at equal bpp | decode s/image | validation slope, last half (dB/CPU-h) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,d | %.2f | %.2f | %,.0f | %,.0f | %.4f | %.2f | %+.2f | %.3f | %+.2f |%n",
                    r.label(), r.network(), r.parameters(), r.macsPerPixel(), r.steps(), r.cpuHours(), r.wallHours(),
                    r.pixelsPerWallSecond(), r.pixelsPerCpuSecond(), r.bpp(), r.psnr(), r.gain(), r.decodeSeconds(), r.slope()));
        }
        return sb.toString();
    }

    /** Writes {@code study.md} (the table) and {@code learning-curves.png} into {@code outDir}. */
    public static List<Row> write(List<Variant> variants, RdCurve reference, String dataset, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Row> rows = rows(variants, reference);
        Files.writeString(outDir.resolve("study.md"), markdown(rows, dataset, reference.name()));
        List<LearningCurve> curves = new ArrayList<>();
        for (Variant v : variants) curves.add(LearningCurve.read(v.label(), v.run(), LearningCurve.Clock.CPU, v.legacyCpuSeconds()));
        RdPlot.writeLearningCurves(outDir.resolve("learning-curves.png"), "equal-compute study", curves,
                LearningCurve.Clock.CPU.label);
        return rows;
    }

    private static String describe(NetworkConfig n) {
        return String.format(Locale.ROOT, "%s N=%d R=%d C=%d L=%d", n.nonlinearity().key(), n.channels(),
                n.residualBlocks(), n.latentChannels(), n.centers());
    }

    private static int crop(Path run) throws IOException {
        return Integer.parseInt(config(run).getOrDefault("crop", "0"));
    }

    private static int batch(Path run) throws IOException {
        return Integer.parseInt(config(run).getOrDefault("batch", "0"));
    }

    private static Map<String, String> config(Path run) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(run.resolve("config.properties"))) {
            p.load(r);
        }
        Map<String, String> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        return m;
    }
}
