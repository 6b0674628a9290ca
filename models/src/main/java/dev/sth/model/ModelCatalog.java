package dev.sth.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import dev.sth.model.ModelBundle;

/**
 * The models of a {@link ModelSource} arranged as the user sees them: families ("psnr",
 * "ms-ssim") of rate levels (1 = fewest bits), with the Kodak results each bundle records.
 * Reads each model's decoder half once to learn its {@code info()}.
 */
public final class ModelCatalog {

    /** The family a user gets without asking for one, when the source has it. */
    public static final String DEFAULT_FAMILY = "psnr";

    /**
     * One model.
     *
     * @param kodakBpp  average bpp on Kodak as recorded in the bundle, or empty if not measured
     * @param kodakPsnr average PSNR (dB) on Kodak as recorded, or empty
     * @param kodakMsSsim average MS-SSIM on Kodak as recorded, or empty
     */
    public record Entry(String name, String family, int level, Optional<String> kodakBpp, Optional<String> kodakPsnr,
                        Optional<String> kodakMsSsim) {
    }

    private final ModelSource source;
    private final List<Entry> entries;

    private ModelCatalog(ModelSource source, List<Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    public static ModelCatalog of(ModelSource source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String name : source.names()) {
            ModelBundle b = source.load(name, false);
            entries.add(entry(name, b.info()));
        }
        entries.sort(Comparator.comparing(Entry::family).thenComparingInt(Entry::level));
        return new ModelCatalog(source, List.copyOf(entries));
    }

    /** The catalogue entry of one loaded model. */
    public static Entry entryOf(ModelBundle b) {
        return entry(b.name(), b.info());
    }

    static Entry entry(String name, Properties info) {
        String family = info.getProperty("family", "unknown").strip();
        int level;
        try {
            level = Integer.parseInt(info.getProperty("level", "0").strip());
        } catch (NumberFormatException e) {
            level = 0;
        }
        return new Entry(name, family, level, measured(info, "kodak.bpp"), measured(info, "kodak.psnr"),
                measured(info, "kodak.msssim"));
    }

    private static Optional<String> measured(Properties info, String key) {
        String v = info.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    public ModelSource source() {
        return source;
    }

    /** All models, by family and level. */
    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Families in name order. */
    public List<String> families() {
        Set<String> f = new LinkedHashSet<>();
        entries.forEach(e -> f.add(e.family()));
        return List.copyOf(f);
    }

    /** {@link #DEFAULT_FAMILY} if present, else the first family; empty if there are no models. */
    public Optional<String> defaultFamily() {
        List<String> f = families();
        if (f.contains(DEFAULT_FAMILY)) return Optional.of(DEFAULT_FAMILY);
        return f.isEmpty() ? Optional.empty() : Optional.of(f.get(0));
    }

    /** The family's models, lowest level (fewest bits) first. */
    public List<Entry> levels(String family) {
        return entries.stream().filter(e -> e.family().equals(family)).toList();
    }

    /** The middle level of a family (the upper middle for an even count: the better-looking default). */
    public Optional<Entry> defaultLevel(String family) {
        List<Entry> l = levels(family);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() / 2));
    }

    public Optional<Entry> level(String family, int level) {
        return levels(family).stream().filter(e -> e.level() == level).findFirst();
    }

    public Optional<Entry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The rate-distortion trade-off a level stands for: the slope −ΔD/Δbpp of its family's curve on Kodak
     * between its neighbouring levels (one-sided at the ends), D being MSE on the 0–255 scale for a PSNR
     * family and 5000·(1 − MS-SSIM) for an MS-SSIM family, the distortions the models are trained on.
     * Encoder effort levels refine a latent at this λ, so a refinement pays only where it lands below the
     * family's own curve. Empty when the family has fewer than two levels with recorded results.
     */
    public java.util.OptionalDouble lambda(Entry e) {
        boolean msssim = e.family().startsWith("ms-ssim");
        List<double[]> pts = new ArrayList<>();
        for (Entry l : levels(e.family())) {
            Optional<String> q = msssim ? l.kodakMsSsim() : l.kodakPsnr();
            if (l.kodakBpp().isEmpty() || q.isEmpty()) continue;
            double v = Double.parseDouble(q.get());
            double d = msssim ? 5000 * (1 - v) : 255.0 * 255.0 * Math.pow(10, -v / 10);
            pts.add(new double[] {l.level(), Double.parseDouble(l.kodakBpp().get()), d});
        }
        int i = -1;
        for (int k = 0; k < pts.size(); k++) if ((int) pts.get(k)[0] == e.level()) i = k;
        if (i < 0 || pts.size() < 2) return java.util.OptionalDouble.empty();
        double[] a = pts.get(Math.max(0, i - 1));
        double[] b = pts.get(Math.min(pts.size() - 1, i + 1));
        double slope = (a[2] - b[2]) / (b[1] - a[1]);
        return slope > 0 && Double.isFinite(slope) ? java.util.OptionalDouble.of(slope) : java.util.OptionalDouble.empty();
    }
}
