package dev.sth.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.sth.decoder.SthDecoder;
import dev.sth.encoder.SthEncoder;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelRegistry;
import dev.sth.model.NativeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.sth.eval.ImageSetOptions;
import dev.sth.eval.Images;

/**
 * Per-image encode and decode time in one warm JVM, with ImageIO's JPEG measured on the same images
 * in the same run as the baseline. See trainer/bench/codec-speed.sh for the comparison with
 * cjxl/djxl and the user's view (java -jar over a folder).
 */
@Command(name = "bench-codec", mixinStandardHelpOptions = true,
        description = "Measures encode and decode time per image (median over repetitions) in one JVM.")
public final class BenchCodecCommand implements Callable<Integer> {

    @Mixin
    ImageSetOptions imageSet;
    @Option(names = "--model", description = "shipped model name (default: the first in the index)")
    String model;
    @Option(names = "--model-dir", description = "a bundle folder instead of a shipped model")
    Path modelDir;
    @Option(names = "--repeat", defaultValue = "3", description = "timed repetitions per image (default: ${DEFAULT-VALUE})")
    int repeat;

    @Override
    public Integer call() throws Exception {
        ModelBundle m = modelDir != null ? ModelBundle.load(modelDir, true)
                : ModelRegistry.load(model != null ? model : ModelRegistry.names().get(0), true);
        List<Path> images = imageSet.list();
        SthEncoder encoder = new SthEncoder(m);
        SthDecoder decoder = new SthDecoder(m);
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
                byte[] jpeg = Images.jpegBytes(rgb, 0.75f);
                long t3 = System.nanoTime();
                javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
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
            System.out.printf(Locale.ROOT, "%-16s %4dx%-4d encode %7.1f ms  decode %7.1f ms  (ImageIO JPEG %5.1f / %5.1f ms)%n",
                    p.getFileName(), rgb.getWidth(), rgb.getHeight(), median(e), median(d), median(je), median(jd));
        }
        System.out.printf(Locale.ROOT, "model %s, %d images, %.4f bpp, settings %s, threads %s%n", m.name(), images.size(),
                bytes * 8.0 / pixels, NativeSettings.active() ? "tuned" : "NOT tuned",
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        System.out.printf(Locale.ROOT, "median per image: sth encode %.1f ms, decode %.1f ms; ImageIO JPEG encode %.1f ms, decode %.1f ms"
                        + " (sth/JPEG: encode %.1f×, decode %.1f×)%n",
                median(enc), median(dec), median(jpegEnc), median(jpegDec),
                median(enc) / median(jpegEnc), median(dec) / median(jpegDec));
        return 0;
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
