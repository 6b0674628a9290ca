package dev.sth.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import javax.imageio.ImageIO;

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
import dev.sth.metrics.Metrics;
import dev.sth.model.ModelBundle;
import dev.sth.model.ModelCatalog;
import dev.sth.model.ModelSource;
import dev.sth.model.ModelRegistry;
import me.tongfei.progressbar.ProgressBar;

import java.io.PrintStream;

/**
 * Rate-distortion evaluation through the real bitstream: every image is encoded to .sth bytes and
 * decoded back from them; bpp is file bytes × 8 / pixels. Writes CompressAI's JSON, a per-image
 * CSV and optionally a plot that includes ImageIO's JPEG at matching rates.
 *
 * @param models   bundle root with an index.txt, or null for the shipped models
 * @param levels   levels to evaluate, or null for all
 * @param csv      per-image CSV, or null for OUT with .csv
 * @param plot     PNG plot, or null for none
 * @param record   key under which to write the mean results into each model's info, or null
 */
public record Evaluation(Path dataset, String tune, List<Integer> levels, Path models, Path out, Path csv, Path plot,
                         List<Path> compare, List<Integer> jpegQualities, boolean noJpeg, int limit, String record,
                         int effort, int every, int offset, boolean resume) {

    /** Every image, at effort 1 (the single pass). */
    public Evaluation(Path dataset, String tune, List<Integer> levels, Path models, Path out, Path csv, Path plot,
                      List<Path> compare, List<Integer> jpegQualities, boolean noJpeg, int limit, String record) {
        this(dataset, tune, levels, models, out, csv, plot, compare, jpegQualities, noJpeg, limit, record, 1, 1, 0, false);
    }

    /** The CSV's columns that {@link #evaluate} averages, after codec, level, image, width, height, bytes. */
    private static final int FIRST_VALUE_COLUMN = 6;

    /**
     * The rows of an earlier run's CSV (an interrupted one, with the same settings), by level and image:
     * with {@code --resume} they are kept and not measured again, so a long evaluation can be done in parts.
     */
    private static Map<String, String> previousRows(Path csv) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        if (!Files.exists(csv)) return rows;
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length < FIRST_VALUE_COLUMN + 7 || !f[0].startsWith("sth-")) continue; // the header, other codecs
            rows.put(f[1] + "," + f[2], line);
        }
        return rows;
    }

    /** The dataset's images, the {@code offset}-th of every {@code every} (after {@code limit}). */
    private List<Path> images() throws IOException {
        List<Path> all = Images.list(dataset, limit);
        List<Path> picked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (i % every == offset) picked.add(all.get(i));
        if (picked.isEmpty()) throw new IOException(dataset + ": no image is the " + offset + "-th of every " + every);
        return picked;
    }

    /** One model over the dataset. */
    public record LevelResult(ModelBundle model, double bpp, double psnr, double msssim, double msssimDb, double encS,
                       double decS, double order0Bpp) {
    }

    /** Evaluates every model of the family, writes the JSON, CSV and plot, prints the table; returns the results. */
    public List<LevelResult> run(PrintStream stdout) throws IOException {
        List<Path> images = images();
        List<ModelBundle> family = loadFamily();
        Path csv = this.csv != null ? this.csv : out.resolveSibling(stripJson(out.getFileName().toString()) + ".csv");
        RdCurve sth = RdCurve.empty("sth-" + tune, "sth " + tune + " family on " + dataset.getFileName()
                + " (" + images.size() + " images), real .sth files, bpp = bytes*8/pixels");
        List<LevelResult> results = new ArrayList<>();
        Map<String, String> previous = resume ? previousRows(csv) : Map.of();
        try (PrintWriter rows = new PrintWriter(Files.newBufferedWriter(csv));
             ProgressBar bar = new ProgressBar("eval", (long) images.size() * (family.size() + (noJpeg ? 0 : 1)))) {
            rows.println("codec,level,image,width,height,bytes,bpp,psnr_rgb,ms_ssim,ms_ssim_db,encode_s,decode_s,order0_bpp");
            previous.values().forEach(rows::println);
            rows.flush();
            for (ModelBundle m : family) {
                LevelResult r = evaluate(m, images, rows, bar, previous);
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
        stdout.println("level  bpp     PSNR-RGB  MS-SSIM  MS-SSIM(dB)  order-0 bpp  enc s  dec s   model");
        for (LevelResult r : results) {
            stdout.printf(Locale.ROOT, "%5s  %.4f  %7.3f  %.5f  %9.3f  %11.4f  %5.3f  %5.3f   %s%n",
                    r.model.info().getProperty("level", "?"), r.bpp, r.psnr, r.msssim, r.msssimDb, r.order0Bpp, r.encS,
                    r.decS, r.model.name());
            if (record != null) recordResult(r);
        }
        return results;
    }

    private LevelResult evaluate(ModelBundle m, List<Path> images, PrintWriter rows, ProgressBar bar, Map<String, String> previous)
            throws IOException {
        SthEncoder encoder = new SthEncoder(m);
        double lambda = effort == 1 ? Double.NaN : lambda(m);
        SthDecoder decoder = new SthDecoder(m);
        CoderParams order0 = m.coder().withContextModel(CoderParams.ORDER0);
        ContextPriors flat0 = ContextPriors.flat(CoderParams.ORDER0, m.network().centers(), m.network().symbolChannels());
        double[] sum = new double[7];
        int[] count = new int[7];
        String level = m.info().getProperty("level", m.name());
        for (Path p : images) {
            String kept = previous.get(level + "," + p.getFileName());
            if (kept != null) {
                String[] f = kept.split(",");
                for (int i = 0; i < 7; i++) {
                    double v = Double.parseDouble(f[FIRST_VALUE_COLUMN + i]);
                    if (Double.isNaN(v)) continue;
                    sum[i] += v;
                    count[i]++;
                }
                bar.step();
                continue;
            }
            BufferedImage rgb = Images.readRgb(p);
            int w = rgb.getWidth();
            int h = rgb.getHeight();
            long t0 = System.nanoTime();
            SthFile file = effort == 1 ? encoder.encode(rgb, new ImageInfo(w, h, 3, 8))
                    : encoder.encode(rgb, new ImageInfo(w, h, 3, 8), effort, lambda, i -> { });
            byte[] bytes = SthWriter.toBytes(file);
            long t1 = System.nanoTime();
            SthFile read = SthReader.read(bytes);
            BufferedImage back = decoder.decode(read);
            long t2 = System.nanoTime();
            SymbolTensor symbols = decoder.symbols(read);
            double order0Bpp = LatentCoder.encode(symbols, flat0, order0).length * 8.0 / (w * (double) h);
            double bpp = bytes.length * 8.0 / (w * (double) h);
            double psnr = Metrics.psnrRgb(rgb, back);
            double ms = Metrics.msSsimOrNaN(rgb, back);
            double msDb = Metrics.msSsimDb(ms);
            double enc = (t1 - t0) / 1e9;
            double dec = (t2 - t1) / 1e9;
            rows.printf(Locale.ROOT, "sth-%s,%s,%s,%d,%d,%d,%.5f,%.4f,%.6f,%.4f,%.4f,%.4f,%.5f%n", tune,
                    level, p.getFileName(), w, h, bytes.length, bpp, psnr, ms, msDb, enc, dec, order0Bpp);
            rows.flush(); // an interrupted run keeps what it measured (--resume)
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
            BufferedImage rgb = Images.readRgb(p);
            for (int qi = 0; qi < jpegQualities.size(); qi++) {
                int q = jpegQualities.get(qi);
                byte[] bytes = Images.jpegBytes(rgb, q / 100f);
                BufferedImage back = Images.toRgb(ImageIO.read(new java.io.ByteArrayInputStream(bytes)));
                double bpp = bytes.length * 8.0 / (rgb.getWidth() * (double) rgb.getHeight());
                double psnr = Metrics.psnrRgb(rgb, back);
                double ms = Metrics.msSsimOrNaN(rgb, back);
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

    /** The level's λ for effort levels: the family's Kodak slope where recorded, else the training β. */
    private double lambda(ModelBundle m) throws IOException {
        ModelSource source = models == null ? ModelSource.shipped() : ModelSource.directory(models);
        java.util.OptionalDouble l = dev.sth.encoder.LatentRefinement.lambda(ModelCatalog.of(source), m);
        if (l.isEmpty()) throw new IOException(dev.sth.encoder.LatentRefinement.noLambda(m));
        return l.getAsDouble();
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
        dev.sth.export.Manifest.writeResults(models.resolve(r.model.name()), info);
    }

    static List<String> readIndex(Path root) throws IOException {
        Path index = root.resolve("index.txt");
        if (!Files.exists(index)) throw new IOException(root + ": no index.txt listing the models");
        return Files.readAllLines(index).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String stripJson(String name) {
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
