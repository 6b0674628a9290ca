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
    public record Result(int images, double bpp, double encodeMs, double decodeMs, double jpegEncodeMs, double jpegDecodeMs) {
    }

    private final ModelBundle model;
    private final int repeat;

    public CodecBenchmark(ModelBundle model, int repeat) {
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
        this.model = model;
        this.repeat = repeat;
    }

    /** The model in bundle folder {@code dir}, else the shipped model {@code name}, else the first shipped model. */
    public static ModelBundle model(String name, Path dir) throws IOException {
        return dir != null ? ModelBundle.load(dir, true) : ModelRegistry.load(name != null ? name : ModelRegistry.names().get(0), true);
    }

    /** Times every image, printing a line per image and the summary. */
    public Result run(List<Path> images, PrintStream stdout) throws IOException {
        SthEncoder encoder = new SthEncoder(model);
        SthDecoder decoder = new SthDecoder(model);
        List<Double> enc = new ArrayList<>();
        List<Double> dec = new ArrayList<>();
        List<Double> jpegEnc = new ArrayList<>();
        List<Double> jpegDec = new ArrayList<>();
        long bytes = 0;
        long pixels = 0;
        // One untimed pass so JIT and ND4J's first-use costs are not billed to the first image.
        BufferedImage first = Images.readRgb(images.get(0));
        decoder.decode(encoder.encode(first, info(first)));
        for (Path p : images) {
            BufferedImage rgb = Images.readRgb(p);
            double[] e = new double[repeat];
            double[] d = new double[repeat];
            double[] je = new double[repeat];
            double[] jd = new double[repeat];
            byte[] file = null;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                file = SthWriter.toBytes(encoder.encode(rgb, info(rgb)));
                long t1 = System.nanoTime();
                SthFile f = SthReader.read(file);
                decoder.decode(f);
                long t2 = System.nanoTime();
                byte[] jpeg = Images.jpegBytes(rgb, JPEG_QUALITY);
                long t3 = System.nanoTime();
                ImageIO.read(new ByteArrayInputStream(jpeg));
                long t4 = System.nanoTime();
                e[r] = (t1 - t0) / 1e6;
                d[r] = (t2 - t1) / 1e6;
                je[r] = (t3 - t2) / 1e6;
                jd[r] = (t4 - t3) / 1e6;
            }
            enc.add(median(e));
            dec.add(median(d));
            jpegEnc.add(median(je));
            jpegDec.add(median(jd));
            bytes += file.length;
            pixels += (long) rgb.getWidth() * rgb.getHeight();
            stdout.printf(Locale.ROOT, "%-16s %4dx%-4d encode %7.1f ms  decode %7.1f ms  (ImageIO JPEG %5.1f / %5.1f ms)%n",
                    p.getFileName(), rgb.getWidth(), rgb.getHeight(), median(e), median(d), median(je), median(jd));
        }
        Result result = new Result(images.size(), bytes * 8.0 / pixels, median(enc), median(dec), median(jpegEnc), median(jpegDec));
        stdout.printf(Locale.ROOT, "model %s, %d images, %.4f bpp, settings %s, threads %s%n", model.name(), result.images(),
                result.bpp(), NativeSettings.active() ? "tuned" : "NOT tuned",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        stdout.printf(Locale.ROOT, "median per image: sth encode %.1f ms, decode %.1f ms; ImageIO JPEG encode %.1f ms, decode %.1f ms"
                        + " (sth/JPEG: encode %.1f×, decode %.1f×)%n",
                result.encodeMs(), result.decodeMs(), result.jpegEncodeMs(), result.jpegDecodeMs(),
                result.encodeMs() / result.jpegEncodeMs(), result.decodeMs() / result.jpegDecodeMs());
        return result;
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
