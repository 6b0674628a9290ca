package dev.sth.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import dev.sth.decoder.SthDecoder;
import dev.sth.encoder.SthEncoder;
import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.ImageInfo;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;
import dev.sth.format.SthWriter;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelRegistry;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rate-distortion evaluation through the real bitstream: every image is encoded to .sth bytes and
 * decoded back from them; bpp is file bytes × 8 / pixels. Writes CompressAI's JSON, a per-image
 * CSV and optionally a plot that includes ImageIO's JPEG at matching rates.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluates a model family on a folder of images (e.g. Kodak, B100).")
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "folder of PNG/JPEG images")
    Path dataset;
    @Option(names = "--tune", defaultValue = "psnr", description = "model family: psnr or ms-ssim (default: ${DEFAULT-VALUE})")
    String tune;
    @Option(names = "--levels", split = ",", description = "levels to evaluate (default: every level of the family)")
    List<Integer> levels;
    @Option(names = "--models", description = "bundle root (folders with synthesis.sthm + analysis.sthm and index.txt); default: the shipped models")
    Path models;
    @Option(names = "--out", required = true, description = "results JSON (CompressAI schema)")
    Path out;
    @Option(names = "--csv", description = "per-image CSV (default: OUT with .csv)")
    Path csv;
    @Option(names = "--plot", description = "PNG plot of bpp vs PSNR-RGB and MS-SSIM (dB)")
    Path plot;
    @Option(names = "--compare", description = "other curves (CompressAI JSON) to draw in the plot")
    List<Path> compare = new ArrayList<>();
    @Option(names = "--jpeg-qualities", split = ",", defaultValue = "5,10,20,30,40,50,60,70,80,90",
            description = "ImageIO JPEG qualities for the baseline curve (default: ${DEFAULT-VALUE})")
    List<Integer> jpegQualities;
    @Option(names = "--no-jpeg", description = "skip the ImageIO JPEG baseline")
    boolean noJpeg;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N images (0 = all)")
    int limit;
    @Option(names = "--record", description = "write the mean results into each model's info under this key (e.g. kodak)")
    String record;

    /** One model over the dataset. */
    record LevelResult(ModelBundle model, double bpp, double psnr, double msssim, double msssimDb, double encS,
                       double decS, double order0Bpp) {
    }

    @Override
    public Integer call() throws Exception {
        List<Path> images = listImages(dataset, limit);
        List<ModelBundle> family = loadFamily();
        if (csv == null) csv = out.resolveSibling(stripJson(out.getFileName().toString()) + ".csv");
        RdCurve sth = RdCurve.empty("sth-" + tune, "sth " + tune + " family on " + dataset.getFileName()
                + " (" + images.size() + " images), real .sth files, bpp = bytes*8/pixels");
        List<LevelResult> results = new ArrayList<>();
        try (PrintWriter rows = new PrintWriter(Files.newBufferedWriter(csv));
             ProgressBar bar = new ProgressBar("eval", (long) images.size() * (family.size() + (noJpeg ? 0 : 1)))) {
            rows.println("codec,level,image,width,height,bytes,bpp,psnr_rgb,ms_ssim,ms_ssim_db,encode_s,decode_s,order0_bpp");
            for (ModelBundle m : family) {
                LevelResult r = evaluate(m, images, rows, bar);
                results.add(r);
                sth.add(RdCurve.BPP, r.bpp);
                sth.add(RdCurve.PSNR, r.psnr);
                sth.add(RdCurve.MS_SSIM, r.msssim);
                sth.add(RdCurve.MS_SSIM_DB, r.msssimDb);
                sth.add(RdCurve.ENCODING_TIME, r.encS);
                sth.add(RdCurve.DECODING_TIME, r.decS);
                sth.add("order0_bpp", r.order0Bpp);
            }
            sth.write(out);
            List<RdCurve> curves = new ArrayList<>(List.of(sth));
            if (!noJpeg) {
                RdCurve jpeg = jpeg(images, rows, bar);
                jpeg.write(out.resolveSibling(stripJson(out.getFileName().toString()) + ".jpeg-imageio.json"));
                curves.add(jpeg);
            }
            for (Path p : compare) curves.add(RdCurve.read(p));
            if (plot != null) RdPlot.write(plot, dataset.getFileName().toString(), curves);
        }
        System.out.println("level  bpp     PSNR-RGB  MS-SSIM  MS-SSIM(dB)  order-0 bpp  enc s  dec s   model");
        for (LevelResult r : results) {
            System.out.printf(Locale.ROOT, "%5s  %.4f  %7.3f  %.5f  %9.3f  %11.4f  %5.3f  %5.3f   %s%n",
                    r.model.info().getProperty("level", "?"), r.bpp, r.psnr, r.msssim, r.msssimDb, r.order0Bpp, r.encS,
                    r.decS, r.model.name());
            if (record != null) recordResult(r);
        }
        return 0;
    }

    private LevelResult evaluate(ModelBundle m, List<Path> images, PrintWriter rows, ProgressBar bar) throws IOException {
        SthEncoder encoder = new SthEncoder(m);
        SthDecoder decoder = new SthDecoder(m);
        CoderParams order0 = m.coder().withContextModel(CoderParams.ORDER0);
        ContextPriors flat0 = ContextPriors.flat(CoderParams.ORDER0, m.network().centers(), m.network().symbolChannels());
        double[] sum = new double[7];
        int[] count = new int[7];
        for (Path p : images) {
            BufferedImage rgb = toRgb(p);
            int w = rgb.getWidth();
            int h = rgb.getHeight();
            long t0 = System.nanoTime();
            SthFile file = encoder.encode(rgb, new ImageInfo(w, h, 3, 8));
            byte[] bytes = SthWriter.toBytes(file);
            long t1 = System.nanoTime();
            SthFile read = SthReader.read(bytes);
            BufferedImage back = decoder.decode(read);
            long t2 = System.nanoTime();
            SymbolTensor symbols = decoder.symbols(read);
            double order0Bpp = LatentCoder.encode(symbols, flat0, order0).length * 8.0 / (w * (double) h);
            double bpp = bytes.length * 8.0 / (w * (double) h);
            double psnr = Metrics.psnrRgb(rgb, back);
            double ms = msSsimOrNaN(rgb, back);
            double msDb = Metrics.msSsimDb(ms);
            double enc = (t1 - t0) / 1e9;
            double dec = (t2 - t1) / 1e9;
            rows.printf(Locale.ROOT, "sth-%s,%s,%s,%d,%d,%d,%.5f,%.4f,%.6f,%.4f,%.4f,%.4f,%.5f%n", tune,
                    m.info().getProperty("level", m.name()), p.getFileName(), w, h, bytes.length, bpp, psnr, ms, msDb,
                    enc, dec, order0Bpp);
            double[] v = {bpp, psnr, ms, msDb, enc, dec, order0Bpp};
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) continue; // MS-SSIM is undefined below 161 px
                sum[i] += v[i];
                count[i]++;
            }
            bar.step();
        }
        double[] mean = new double[7];
        for (int i = 0; i < 7; i++) mean[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
        return new LevelResult(m, mean[0], mean[1], mean[2], mean[3], mean[4], mean[5], mean[6]);
    }

    private RdCurve jpeg(List<Path> images, PrintWriter rows, ProgressBar bar) throws IOException {
        RdCurve c = RdCurve.empty("jpeg-imageio", "JDK ImageIO baseline JPEG (4:2:0) on " + dataset.getFileName());
        double[][] sums = new double[jpegQualities.size()][4];
        int msCount = 0;
        for (Path p : images) {
            BufferedImage rgb = toRgb(p);
            for (int qi = 0; qi < jpegQualities.size(); qi++) {
                int q = jpegQualities.get(qi);
                byte[] bytes = jpegBytes(rgb, q / 100f);
                BufferedImage back = toRgb(ImageIO.read(new java.io.ByteArrayInputStream(bytes)));
                double bpp = bytes.length * 8.0 / (rgb.getWidth() * (double) rgb.getHeight());
                double psnr = Metrics.psnrRgb(rgb, back);
                double ms = msSsimOrNaN(rgb, back);
                sums[qi][0] += bpp;
                sums[qi][1] += psnr;
                if (!Double.isNaN(ms)) {
                    sums[qi][2] += ms;
                    sums[qi][3] += Metrics.msSsimDb(ms);
                    if (qi == 0) msCount++;
                }
                rows.printf(Locale.ROOT, "jpeg-imageio,%d,%s,%d,%d,%d,%.5f,%.4f,%.6f,%.4f,,,%n", q, p.getFileName(),
                        rgb.getWidth(), rgb.getHeight(), bytes.length, bpp, psnr, ms, Metrics.msSsimDb(ms));
            }
            bar.step();
        }
        int n = images.size();
        for (double[] s : sums) {
            c.add(RdCurve.BPP, s[0] / n);
            c.add(RdCurve.PSNR, s[1] / n);
            c.add(RdCurve.MS_SSIM, msCount == 0 ? Double.NaN : s[2] / msCount);
            c.add(RdCurve.MS_SSIM_DB, msCount == 0 ? Double.NaN : s[3] / msCount);
        }
        return c;
    }

    /** MS-SSIM, or NaN for images too small for 5 scales (such images are left out of its mean). */
    static double msSsimOrNaN(BufferedImage a, BufferedImage b) {
        return Math.min(a.getWidth(), a.getHeight()) > 160 ? Metrics.msSsim(a, b) : Double.NaN;
    }

    static byte[] jpegBytes(BufferedImage rgb, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(out);
            ImageWriteParam param = w.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            w.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    private List<ModelBundle> loadFamily() throws IOException {
        List<String> names = models == null ? ModelRegistry.names() : readIndex(models);
        List<ModelBundle> family = new ArrayList<>();
        for (String name : names) {
            ModelBundle b = models == null ? ModelRegistry.load(name, true) : ModelBundle.load(models.resolve(name), true);
            if (!tune.equals(b.info().getProperty("family"))) continue;
            int level = Integer.parseInt(b.info().getProperty("level", "0"));
            if (levels == null || levels.contains(level)) family.add(b);
        }
        family.sort((a, b) -> Integer.compare(Integer.parseInt(a.info().getProperty("level", "0")),
                Integer.parseInt(b.info().getProperty("level", "0"))));
        if (family.isEmpty()) throw new IOException("no models of family '" + tune + "'" + (levels == null ? "" : " at levels " + levels)
                + " in " + (models == null ? "the shipped models " + ModelRegistry.names() : models.toString()));
        return family;
    }

    private void recordResult(LevelResult r) throws IOException {
        if (models == null) throw new IOException("--record needs --models DIR (the shipped models are read-only)");
        Properties info = r.model.info();
        info.setProperty(record + ".bpp", String.format(Locale.ROOT, "%.4f", r.bpp));
        info.setProperty(record + ".psnr", String.format(Locale.ROOT, "%.3f", r.psnr));
        info.setProperty(record + ".msssim", String.format(Locale.ROOT, "%.5f", r.msssim));
        info.setProperty(record + ".msssimDb", String.format(Locale.ROOT, "%.3f", r.msssimDb));
        info.setProperty(record + ".order0Bpp", String.format(Locale.ROOT, "%.4f", r.order0Bpp));
        r.model.withInfo(info).save(models.resolve(r.model.name()));
        dev.sth.train.Manifest.writeResults(models.resolve(r.model.name()), info);
    }

    static List<String> readIndex(Path root) throws IOException {
        Path index = root.resolve("index.txt");
        if (!Files.exists(index)) throw new IOException(root + ": no index.txt listing the models");
        return Files.readAllLines(index).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    static List<Path> listImages(Path dir, int limit) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": dataset folder not found");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
            if (all.isEmpty()) throw new IOException(dir + ": no PNG or JPEG images");
            return limit > 0 && limit < all.size() ? all.subList(0, limit) : all;
        }
    }

    static BufferedImage toRgb(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) throw new IOException(p + ": not a readable image");
        return toRgb(img);
    }

    static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) return img;
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        return rgb;
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
