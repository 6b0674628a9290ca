package dev.sth.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import dev.sth.decoder.SthDecoder;
import dev.sth.encoder.LatentRefinement;
import dev.sth.encoder.SthEncoder;
import dev.sth.eval.Images;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelRegistry;
import dev.sth.model.NativeSettings;

/**
 * Per-image encode and decode time in one warm JVM, with ImageIO's JPEG measured on the same images
 * in the same run as the baseline: the median over {@code repeat} timed repetitions of each image,
 * after one untimed pass. See trainer/bench/codec-speed.sh for the comparison with cjxl/djxl and the
 * user's view (java -jar over a folder).
 */
public final class CodecBenchmark {

    /** ImageIO JPEG quality of the baseline. */
    static final float JPEG_QUALITY = 0.75f;

    /** Medians over images of the per-image medians, in milliseconds; bpp of the .sth files. */
    public record Result(int images, double bpp, double encodeMs, double decodeMs, double jpegEncodeMs, double jpegDecodeMs,
                         List<EffortTime> efforts) {
    }

    /** One effort's median encode time per image and the bpp of its files. */
    public record EffortTime(int effort, double encodeMs, double bpp) {
    }

    private final ModelBundle model;
    private final int repeat;
    private final List<Integer> efforts;
    private final double lambda;

    /** Effort 1, the single pass. */
    public CodecBenchmark(ModelBundle model, int repeat) {
        this(model, repeat, List.of(1), Double.NaN);
    }

    /**
     * Each of {@code efforts} on every image (the first is the baseline the others are compared with, in
     * the same run), refining for the level's {@code lambda} above effort 1.
     */
    public CodecBenchmark(ModelBundle model, int repeat, List<Integer> efforts, double lambda) {
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        if (efforts.isEmpty()) throw new IllegalArgumentException("no effort to measure");
        efforts.forEach(LatentRefinement::checkEffort);
        if (efforts.stream().anyMatch(e -> e > LatentRefinement.MIN_EFFORT) && !(lambda > 0)) {
            throw new IllegalArgumentException("efforts above 1 need the level's λ, got " + lambda);
        }
        this.model = model;
        this.repeat = repeat;
        this.efforts = List.copyOf(efforts);
        this.lambda = lambda;
    }

    /** The model in bundle folder {@code dir}, else the shipped model {@code name}, else the first shipped model. */
    public static ModelBundle model(String name, Path dir) throws IOException {
        return dir != null ? ModelBundle.load(dir, true) : ModelRegistry.load(name != null ? name : ModelRegistry.names().get(0), true);
    }

    /** Times every image, printing a line per image and the summary. */
    public Result run(List<Path> images, PrintStream stdout) throws IOException {
        SthEncoder encoder = new SthEncoder(model);
        SthDecoder decoder = new SthDecoder(model);
        int k = efforts.size();
        List<List<Double>> enc = new ArrayList<>();
        for (int i = 0; i < k; i++) enc.add(new ArrayList<>());
        long[] bytes = new long[k];
        List<Double> dec = new ArrayList<>();
        List<Double> jpegEnc = new ArrayList<>();
        List<Double> jpegDec = new ArrayList<>();
        long pixels = 0;
        // One untimed pass so JIT and ND4J's first-use costs (the refinement's graph too) are not billed
        // to the first image.
        BufferedImage first = Images.readRgb(images.get(0));
        decoder.decode(SthReader.read(encode(encoder, first, efforts.stream().max(Integer::compare).orElseThrow())));
        for (Path p : images) {
            BufferedImage rgb = Images.readRgb(p);
            StringBuilder line = new StringBuilder();
            double[] d = new double[repeat];
            double[] je = new double[repeat];
            double[] jd = new double[repeat];
            for (int i = 0; i < k; i++) {
                double[] e = new double[repeat];
                byte[] file = null;
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    file = encode(encoder, rgb, efforts.get(i));
                    e[r] = (System.nanoTime() - t0) / 1e6;
                    if (i > 0) continue;
                    // Decoding and the JPEG baseline do not depend on the effort: timed with the first.
                    long t1 = System.nanoTime();
                    decoder.decode(SthReader.read(file));
                    long t2 = System.nanoTime();
                    byte[] jpeg = Images.jpegBytes(rgb, JPEG_QUALITY);
                    long t3 = System.nanoTime();
                    ImageIO.read(new ByteArrayInputStream(jpeg));
                    long t4 = System.nanoTime();
                    d[r] = (t2 - t1) / 1e6;
                    je[r] = (t3 - t2) / 1e6;
                    jd[r] = (t4 - t3) / 1e6;
                }
                enc.get(i).add(median(e));
                bytes[i] += file.length;
                line.append(k == 1 ? String.format(Locale.ROOT, "encode %7.1f ms  ", median(e))
                        : String.format(Locale.ROOT, "encode e%d %7.1f ms  ", efforts.get(i), median(e)));
            }
            dec.add(median(d));
            jpegEnc.add(median(je));
            jpegDec.add(median(jd));
            pixels += (long) rgb.getWidth() * rgb.getHeight();
            stdout.printf(Locale.ROOT, "%-16s %4dx%-4d %sdecode %7.1f ms  (ImageIO JPEG %5.1f / %5.1f ms)%n",
                    p.getFileName(), rgb.getWidth(), rgb.getHeight(), line, median(d), median(je), median(jd));
        }
        List<EffortTime> times = new ArrayList<>();
        for (int i = 0; i < k; i++) times.add(new EffortTime(efforts.get(i), median(enc.get(i)), bytes[i] * 8.0 / pixels));
        EffortTime base = times.get(0);
        Result result = new Result(images.size(), base.bpp(), base.encodeMs(), median(dec), median(jpegEnc), median(jpegDec), times);
        stdout.printf(Locale.ROOT, "model %s, %d images, %.4f bpp, settings %s, threads %s%n", model.name(), result.images(),
                result.bpp(), NativeSettings.active() ? "tuned" : "NOT tuned",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        stdout.printf(Locale.ROOT, "median per image: sth encode %.1f ms, decode %.1f ms; ImageIO JPEG encode %.1f ms, decode %.1f ms"
                        + " (sth/JPEG: encode %.1f×, decode %.1f×)%n",
                result.encodeMs(), result.decodeMs(), result.jpegEncodeMs(), result.jpegDecodeMs(),
                result.encodeMs() / result.jpegEncodeMs(), result.decodeMs() / result.jpegDecodeMs());
        for (EffortTime t : times.subList(1, k)) {
            stdout.printf(Locale.ROOT, "effort %d: median encode %.1f ms per image (%.1f× effort %d), %.4f bpp (%+.1f%%)%n",
                    t.effort(), t.encodeMs(), t.encodeMs() / base.encodeMs(), base.effort(), t.bpp(),
                    (t.bpp() / base.bpp() - 1) * 100);
        }
        return result;
    }

    private byte[] encode(SthEncoder encoder, BufferedImage rgb, int effort) {
        SthFile f = effort == LatentRefinement.MIN_EFFORT ? encoder.encode(rgb, info(rgb))
                : encoder.encode(rgb, info(rgb), effort, lambda, i -> { });
        return SthWriter.toBytes(f);
    }

    private static ImageInfo info(BufferedImage rgb) {
        return new ImageInfo(rgb.getWidth(), rgb.getHeight(), 3, 8);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
