package dev.sth.eval;

import dev.sth.metrics.Metrics;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One rate point of an external codec: PSNR-RGB and MS-SSIM (with {@link Metrics}, the same code as
 * {@code eval}) of every decoded image against its original, and bpp from the compressed files
 * (bytes × 8 / pixels of the original). Images are matched by base name (file name without its
 * extension). The mean over images is written as one point of a CompressAI JSON curve, or appended
 * to an existing curve ({@code --append}), so a benchmark script runs one command per rate point.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Measures one rate point of an external codec: PSNR-RGB and MS-SSIM of decoded images "
                + "against the originals (matched by base name), bpp = compressed bytes*8/pixels.",
                "Writes (or with --append adds to) a CompressAI JSON curve; the points stay sorted by bpp."})
public final class MetricsCommand implements Callable<Integer> {

    @Option(names = "--originals", required = true, description = "folder of original images (PNG/JPEG)")
    Path originals;
    @Option(names = "--decoded", required = true, description = "folder of decoded images (PNG or BMP, 8-bit RGB), same base names")
    Path decoded;
    @Option(names = "--compressed", required = true, description = "folder of compressed files, same base names")
    Path compressed;
    @Option(names = "--compressed-ext", description = "extension of the compressed files (default: the one file with the base name)")
    String compressedExt;
    @Option(names = "--out", required = true, description = "CompressAI JSON curve to write")
    Path out;
    @Option(names = "--append", description = "add the point to OUT if it exists (else start a new curve)")
    boolean append;
    @Option(names = "--name", description = "curve name (default: the existing curve's, or OUT's base name)")
    String name;
    @Option(names = "--description", description = "curve description (default: the existing curve's)")
    String description;
    @Option(names = "--param", description = "numeric codec setting of this point, stored as results[KEY], e.g. quality=75 or qp=32")
    Map<String, Double> params = new LinkedHashMap<>();
    @Option(names = "--encoding-time", description = "mean encoding time per image in seconds, stored as encoding_time")
    Double encodingTime;
    @Option(names = "--decoding-time", description = "mean decoding time per image in seconds, stored as decoding_time")
    Double decodingTime;
    @Option(names = "--csv", description = "append per-image rows (codec,setting,image,width,height,bytes,bpp,psnr_rgb,ms_ssim,ms_ssim_db) to this CSV")
    Path csv;
    @Option(names = "--limit", defaultValue = "0", description = "only the first N originals (0 = all)")
    int limit;

    /** Per-image measurement. */
    record ImageResult(String base, int width, int height, long bytes, double bpp, double psnr, double msssim,
                       double msssimDb) {
    }

    /** Mean over images (MS-SSIM means over the images large enough for 5 scales). */
    record Point(int images, double bpp, double psnr, double msssim, double msssimDb, int msImages) {
    }

    @Override
    public Integer call() throws IOException {
        List<Path> images = Images.list(originals, limit);
        List<ImageResult> rows = new ArrayList<>();
        for (Path original : images) rows.add(measure(original));
        Point p = mean(rows);
        RdCurve curve = append && Files.exists(out) ? RdCurve.read(out) : null;
        String curveName = name != null ? name : curve != null ? curve.name() : stripExt(out.getFileName().toString());
        String desc = description != null ? description : curve != null ? curve.description() : "";
        RdCurve updated = addPoint(curve, curveName, desc, p);
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        updated.write(out);
        if (csv != null) writeCsv(curveName, rows);
        System.out.printf(Locale.ROOT, "%s %s: %d images, bpp %.4f, PSNR-RGB %.3f dB, MS-SSIM %.5f (%.3f dB)%n", curveName,
                setting(), p.images, p.bpp, p.psnr, p.msssim, Metrics.msSsimDb(p.msssim));
        return 0;
    }

    private ImageResult measure(Path original) throws IOException {
        String base = stripExt(original.getFileName().toString());
        BufferedImage ref = readRgb8(original);
        Path dec = findDecoded(base);
        BufferedImage rec = readRgb8(dec);
        if (rec.getWidth() != ref.getWidth() || rec.getHeight() != ref.getHeight()) {
            throw new IOException(dec + ": " + rec.getWidth() + "x" + rec.getHeight() + " but the original " + original
                    + " is " + ref.getWidth() + "x" + ref.getHeight());
        }
        long bytes = Files.size(findCompressed(base));
        double pixels = ref.getWidth() * (double) ref.getHeight();
        double psnr = Metrics.psnrRgb(ref, rec);
        double ms = Metrics.msSsimOrNaN(ref, rec);
        return new ImageResult(base, ref.getWidth(), ref.getHeight(), bytes, bytes * 8.0 / pixels, psnr, ms,
                Metrics.msSsimDb(ms));
    }

    /**
     * The stored 8-bit sample values as {@code TYPE_INT_RGB}, with no colour management: an embedded
     * ICC profile (djxl writes one) or sRGB/gamma chunk is ignored, as Pillow's {@code convert("RGB")}
     * in CompressAI ignores it, so the metrics compare code values. Gray is replicated to R = G = B,
     * palette images are expanded, alpha is dropped; more than 8 bits per sample is refused.
     */
    static BufferedImage readRgb8(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException(file + ": not a readable image (use PNG, BMP or JPEG)");
        ColorModel cm = img.getColorModel();
        int w = img.getWidth();
        int h = img.getHeight();
        if (cm instanceof IndexColorModel) return Images.toRgb(img);
        Raster r = img.getRaster();
        int bands = r.getNumBands();
        for (int b = 0; b < bands; b++) {
            if (r.getSampleModel().getSampleSize(b) != 8) {
                throw new IOException(file + ": " + r.getSampleModel().getSampleSize(b) + "-bit samples; decode to 8 bits per sample");
            }
        }
        int colour = cm.getNumColorComponents();
        if (colour != 1 && colour != 3) throw new IOException(file + ": " + colour + " colour components (want gray or RGB)");
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w];
        int[][] rows = new int[colour][w];
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < colour; c++) r.getSamples(0, y, w, 1, c, rows[c]);
            for (int x = 0; x < w; x++) {
                int v0 = rows[0][x];
                rgb[x] = colour == 1 ? (v0 << 16) | (v0 << 8) | v0 : (v0 << 16) | (rows[1][x] << 8) | rows[2][x];
            }
            out.setRGB(0, y, w, 1, rgb, 0, w);
        }
        return out;
    }

    static Point mean(List<ImageResult> rows) {
        double bpp = 0;
        double psnr = 0;
        double ms = 0;
        double msDb = 0;
        int msN = 0;
        for (ImageResult r : rows) {
            if (Double.isInfinite(r.psnr)) throw new IllegalArgumentException(r.base + ": decoded image is identical to the original (PSNR +inf)");
            bpp += r.bpp;
            psnr += r.psnr;
            if (!Double.isNaN(r.msssim)) {
                ms += r.msssim;
                msDb += r.msssimDb;
                msN++;
            }
        }
        int n = rows.size();
        return new Point(n, bpp / n, psnr / n, msN == 0 ? Double.NaN : ms / msN, msN == 0 ? Double.NaN : msDb / msN, msN);
    }

    /** {@code curve} (or a new one) with the point added and all points sorted by bpp. */
    RdCurve addPoint(RdCurve curve, String curveName, String desc, Point p) throws IOException {
        Map<String, List<Double>> results = new LinkedHashMap<>();
        if (curve != null) results.putAll(curve.results());
        int before = curve == null ? 0 : curve.size();
        Map<String, Double> point = new LinkedHashMap<>();
        point.put(RdCurve.BPP, p.bpp);
        point.put(RdCurve.PSNR, p.psnr);
        point.put(RdCurve.MS_SSIM, p.msssim);
        point.put(RdCurve.MS_SSIM_DB, p.msssimDb);
        if (encodingTime != null) point.put(RdCurve.ENCODING_TIME, encodingTime);
        if (decodingTime != null) point.put(RdCurve.DECODING_TIME, decodingTime);
        point.putAll(params);
        for (String k : results.keySet()) {
            if (!point.containsKey(k)) throw new IOException(out + " has \"" + k + "\" values that this point lacks");
        }
        for (Map.Entry<String, Double> e : point.entrySet()) {
            List<Double> v = new ArrayList<>(results.getOrDefault(e.getKey(), List.of()));
            if (v.size() != before) throw new IOException(out + ": this point has \"" + e.getKey() + "\" but the curve's points do not");
            v.add(e.getValue());
            results.put(e.getKey(), v);
        }
        List<Double> bpp = results.get(RdCurve.BPP);
        int[] order = IntStream.range(0, bpp.size()).boxed().sorted(Comparator.comparingDouble(bpp::get))
                .mapToInt(Integer::intValue).toArray();
        Map<String, List<Double>> sorted = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : results.entrySet()) {
            List<Double> v = new ArrayList<>();
            for (int i : order) v.add(e.getValue().get(i));
            sorted.put(e.getKey(), v);
        }
        return new RdCurve(curveName, desc, sorted);
    }

    private void writeCsv(String curveName, List<ImageResult> rows) throws IOException {
        boolean header = !Files.exists(csv) || Files.size(csv) == 0;
        if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            if (header) w.println("codec,setting,image,width,height,bytes,bpp,psnr_rgb,ms_ssim,ms_ssim_db");
            for (ImageResult r : rows) {
                w.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.5f,%.4f,%.6f,%.4f%n", curveName, setting().replace(',', ';'), r.base,
                        r.width, r.height, r.bytes, r.bpp, r.psnr, r.msssim, r.msssimDb);
            }
        }
    }

    private String setting() {
        if (params.isEmpty()) return "-";
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
                .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : v.toString()));
        return sb.toString();
    }

    private Path findDecoded(String base) throws IOException {
        for (String ext : new String[] {".png", ".bmp", ".PNG", ".BMP"}) {
            Path p = decoded.resolve(base + ext);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IOException(decoded + ": no decoded " + base + ".png or .bmp");
    }

    private Path findCompressed(String base) throws IOException {
        if (compressedExt != null) {
            String ext = compressedExt.startsWith(".") ? compressedExt : "." + compressedExt;
            Path p = compressed.resolve(base + ext);
            if (!Files.isRegularFile(p)) throw new IOException(compressed + ": no compressed " + base + ext);
            return p;
        }
        try (Stream<Path> s = Files.list(compressed)) {
            List<Path> hits = s.filter(p -> Files.isRegularFile(p) && stripExt(p.getFileName().toString()).equals(base)).toList();
            if (hits.size() != 1) {
                throw new IOException(compressed + ": " + (hits.isEmpty() ? "no compressed file named " + base + ".*"
                        : hits.size() + " files named " + base + ".* (give --compressed-ext)"));
            }
            return hits.get(0);
        }
    }

    static String stripExt(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
