package dev.sth.eval;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardXYItemLabelGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import dev.sth.model.ModelBundle;

/**
 * Network compression results: for each variant (a folder of compressed bundles and its eval JSON),
 * the compression factor of the family's weights against float32 and the BD-rate against the
 * uncompressed family. A Markdown table ({@link #markdown}) and a factor-vs-BD-rate plot ({@link #plot}).
 */
public final class CompressionReport {

    /** The target the plot marks: weights at least this many times smaller than float32 ... */
    static final double TARGET_FACTOR = 10;
    /** ... for at most this many percent more bits at equal quality. */
    static final double TARGET_RATE_INCREASE = 1;
    /** The plot's size in pixels. */
    static final int PLOT_WIDTH = 900;
    static final int PLOT_HEIGHT = 600;

    private final Family anchor;
    private final List<Family> variants;
    private final String json;
    private final BdRate.Quality quality;

    private CompressionReport(Family anchor, List<Family> variants, String json, BdRate.Quality quality) {
        this.anchor = anchor;
        this.variants = variants;
        this.json = json;
        this.quality = quality;
    }

    /**
     * Reads the families: {@code anchor} (the uncompressed one) and each of {@code variants}, all given
     * as LABEL=DIR, DIR holding bundles (index.txt) and the eval JSON named {@code json}.
     *
     * @param quality the quality for each level's rate at equal quality and for the plot
     */
    public static CompressionReport read(String anchor, List<String> variants, String json, BdRate.Quality quality)
            throws IOException {
        Family a = read(anchor, json);
        List<Family> fams = new ArrayList<>();
        for (String v : variants) fams.add(read(v, json));
        return new CompressionReport(a, fams, json, quality);
    }

    /** One family's totals. */
    record Family(String label, String method, long float32Bytes, long storedBytes, RdCurve curve, List<String> models,
                  List<Double> factors) {
        /** A variant that compresses only some of the anchor's levels has no family-wide BD-rate. */
        boolean complete(Family anchor) {
            return models.equals(anchor.models());
        }
        double factor() {
            return float32Bytes / (double) storedBytes;
        }
    }

    /** The Markdown table: one row per family (the anchor first), then one per compressed model. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Weights of the %d-model family against float32 (%d bytes); BD-rate "
                + "against the uncompressed family `%s` (%s) on %s, PCHIP in log rate (positive = more bits at equal quality).%n%n",
                anchor.curve().size(), anchor.float32Bytes(), anchor.label(), anchor.method(), json));
        sb.append("| variant | method | weights stored (bytes) | factor vs float32 | BD-rate PSNR-RGB | BD-rate MS-SSIM (dB) | mean ΔPSNR (dB) | mean Δbpp |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        sb.append(row(anchor, anchor));
        for (Family f : variants) sb.append(row(anchor, f));
        sb.append("\nPer model (the anchor's figures first):\n\n");
        sb.append("Rate at equal quality: the bits the compressed level spends against the uncompressed family's curve at its "
                + "own " + quality.label() + " (BD-rate's local form; the target allows at most +1%).\n\n");
        sb.append("| variant | model | factor vs float32 | bpp | PSNR-RGB (dB) | Δbpp | ΔPSNR (dB) | rate at equal " + quality.label() + " |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Family f : variants) {
            List<Double> ab = anchor.curve().get(RdCurve.BPP);
            List<Double> ap = anchor.curve().get(RdCurve.PSNR);
            List<Double> fb = f.curve().get(RdCurve.BPP);
            List<Double> fp = f.curve().get(RdCurve.PSNR);
            double[] fq = quality.of(f.curve());
            for (int i = 0; i < f.models().size(); i++) {
                int j = anchor.models().indexOf(f.models().get(i)); // levels pair up by model name
                if (j < 0) throw new IllegalArgumentException(f.label() + ": " + f.models().get(i) + " is not in the anchor");
                double local = BdRate.rateChangeAtEqualQuality(anchor.curve(), fb.get(i), fq[i], quality);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %.2f× | %.4f → %.4f | %.3f → %.3f | %+.1f%% | %+.3f | %+.2f%% |%n",
                        f.label(), f.models().get(i), f.factors().get(i), ab.get(j), fb.get(i), ap.get(j), fp.get(i),
                        100 * (fb.get(i) / ab.get(j) - 1), fp.get(i) - ap.get(j), local));
            }
        }
        return sb.toString();
    }

    private static String row(Family a, Family f) {
        if (!f.complete(a)) {
            return String.format(Locale.ROOT, "| %s | %s | %d | %.2f× | (%d of %d levels) | | | |%n", f.label(), f.method(),
                    f.storedBytes(), f.factor(), f.models().size(), a.models().size());
        }
        double dPsnr = meanDiff(a.curve(), f.curve(), RdCurve.PSNR);
        double dBpp = meanDiff(a.curve(), f.curve(), RdCurve.BPP);
        return String.format(Locale.ROOT, "| %s | %s | %d | %.2f× | %s | %s | %+.3f | %+.4f |%n", f.label(), f.method(),
                f.storedBytes(), f.factor(), bd(a, f, BdRate.Quality.PSNR_RGB), bd(a, f, BdRate.Quality.MS_SSIM_DB),
                dPsnr, dBpp);
    }

    private static String bd(Family a, Family f, BdRate.Quality q) {
        if (a == f) return "0 (anchor)";
        double v = BdRate.bdRate(a.curve(), f.curve(), q);
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.2f%%", v);
    }

    /** Mean difference per level (levels matched in order). */
    private static double meanDiff(RdCurve a, RdCurve b, String metric) {
        List<Double> x = a.get(metric);
        List<Double> y = b.get(metric);
        int n = Math.min(x.size(), y.size());
        double s = 0;
        for (int i = 0; i < n; i++) s += y.get(i) - x.get(i);
        return n == 0 ? Double.NaN : s / n;
    }

    private static Family read(String spec, String json) throws IOException {
        int eq = spec.indexOf('=');
        if (eq < 1) throw new IllegalArgumentException("expected LABEL=DIR, got " + spec);
        String label = spec.substring(0, eq);
        Path dir = Path.of(spec.substring(eq + 1));
        RdCurve curve = RdCurve.read(dir.resolve(json));
        long f32 = 0;
        long stored = 0;
        String method = null;
        List<Double> factors = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("index.txt"))) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            ModelBundle b = ModelBundle.load(dir.resolve(line), true);
            models.add(line);
            Properties info = b.info();
            long n = b.allWeights().values().stream().mapToLong(w -> w.length()).sum();
            long modelStored = info.getProperty("compression.storedBytes") != null
                    ? Long.parseLong(info.getProperty("compression.storedBytes")) : b.storedWeightBytes();
            f32 += 4 * n;
            stored += modelStored;
            factors.add(4.0 * n / modelStored);
            String m = method(b);
            method = method == null || method.equals(m) ? m : "mixed";
        }
        if (models.size() != curve.size()) {
            throw new IllegalArgumentException(dir + ": " + models.size() + " models in index.txt but " + curve.size()
                    + " points in " + json);
        }
        return new Family(label, method, f32, stored, curve, models, factors);
    }

    /** How one bundle's weights are stored, from the compression settings in its info. */
    private static String method(ModelBundle b) {
        Properties info = b.info();
        String m = info.getProperty("compression.method");
        boolean fineTuned = !"0".equals(info.getProperty("compression.steps", "0"));
        if (m != null && info.getProperty("compression.allocateDb") != null) {
            m = "grids allocated for " + info.getProperty("compression.allocateDb") + " dB + entropy coding, "
                    + (fineTuned ? (info.getProperty("compression.straightThrough") != null ? "straight-through"
                    : "soft-to-hard") + " fine-tune " + info.getProperty("compression.steps") + " steps" : "no fine-tune");
        } else if (m != null && m.equals("soft-to-hard") && !fineTuned) {
            m = (info.getProperty("compression.gridStep") != null ? "uniform grid (step "
                    + info.getProperty("compression.gridStep") + " × RMS)" : "k-means") + " + entropy coding, no fine-tune";
        } else if (m != null && m.equals("soft-to-hard")) {
            m = "soft-to-hard fine-tune, β=" + info.getProperty("compression.beta") + ", "
                    + info.getProperty("compression.steps") + " steps";
        }
        return m == null ? (b.quantizedWeights().isEmpty() ? "float16" : "quantized")
                : m + ", L≤" + info.getProperty("compression.centers", "?");
    }

    /** The PNG plot: each family's BD-rate and each model's extra bits at equal quality against its compression factor. */
    public void plot(Path png) throws IOException {
        Family a = anchor;
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries families = new XYSeries("families: BD-rate against the uncompressed family", false, true);
        XYSeries models = new XYSeries("single models: extra bits at equal quality", false, true);
        List<List<String>> labels = List.of(new ArrayList<>(), new ArrayList<>());
        for (Family f : variants) {
            if (f.complete(a)) {
                double v = BdRate.bdRate(a.curve(), f.curve(), quality);
                if (!Double.isNaN(v)) {
                    families.add(f.factor(), v);
                    labels.get(0).add(f.label());
                }
            }
            double[] fq = quality.of(f.curve());
            for (int i = 0; i < f.models().size(); i++) {
                models.add((double) f.factors().get(i), BdRate.rateChangeAtEqualQuality(a.curve(), f.curve().get(RdCurve.BPP).get(i),
                        fq[i], quality));
                labels.get(1).add(f.models().get(i));
            }
        }
        data.addSeries(families);
        data.addSeries(models);
        JFreeChart chart = ChartFactory.createScatterPlot("Network compression: weight size vs rate-distortion loss",
                "compression factor vs float32 weights (×)", "extra bits at equal " + quality.label() + " (%)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot p = chart.getXYPlot();
        p.setBackgroundPaint(java.awt.Color.WHITE);
        p.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        p.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesStroke(0, new BasicStroke(2f));
        r.setDefaultItemLabelGenerator(new StandardXYItemLabelGenerator() {
            @Override
            public String generateLabel(org.jfree.data.xy.XYDataset ds, int series, int item) {
                return labels.get(series).get(item);
            }
        });
        r.setDefaultItemLabelsVisible(true);
        p.setRenderer(r);
        // The target: at least 10× at most +1%.
        p.addDomainMarker(new org.jfree.chart.plot.ValueMarker(TARGET_FACTOR, java.awt.Color.GRAY, new BasicStroke(1f)));
        p.addRangeMarker(new org.jfree.chart.plot.ValueMarker(TARGET_RATE_INCREASE, java.awt.Color.GRAY, new BasicStroke(1f)));
        ChartUtils.saveChartAsPNG(png.toFile(), chart, PLOT_WIDTH, PLOT_HEIGHT);
    }
}
