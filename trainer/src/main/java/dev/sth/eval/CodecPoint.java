package dev.sth.eval;

import dev.sth.metrics.Metrics;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/**
 * One rate point of an external codec: PSNR-RGB and MS-SSIM (with {@link Metrics}, the same code as
 * {@code eval}) of every decoded image against its original, and bpp from the compressed files
 * (bytes × 8 / pixels of the original). Images are matched by base name (file name without its
 * extension). The mean over images is written as one point of a CompressAI JSON curve, or appended
 * to an existing curve ({@link Target#append}), so a benchmark script runs one command per rate point.
 */
public final class CodecPoint {

    /** The extensions a decoded image is looked for with, in this order. */
    static final List<String> DECODED_EXTENSIONS = List.of(".png", ".bmp", ".PNG", ".BMP");
    /** The per-image CSV's header. */
    static final String CSV_HEADER = "codec,setting,image,width,height,bytes,bpp,psnr_rgb,ms_ssim,ms_ssim_db";

    /**
     * The codec's files for the point, matched by base name.
     *
     * @param compressedExt extension of the compressed files, or null for the one file with the base name
     * @param limit         only the first N originals, 0 = all
     */
    public record Inputs(Path originals, Path decoded, Path compressed, String compressedExt, int limit) {
    }

    /**
     * The codec's setting at this point: numeric parameters stored as {@code results[KEY]} (e.g.
     * quality=75), and the mean encoding and decoding times per image in seconds (null: not stored).
     */
    public record Setting(Map<String, Double> params, Double encodingTime, Double decodingTime) {

        /** The parameters as {@code k=v k=v} (whole numbers without a fraction), or "-" without any. */
        public String label() {
            if (params.isEmpty()) return "-";
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=')
                    .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : v.toString()));
            return sb.toString();
        }
    }

    /**
     * Where the point goes: the curve, and the per-image rows.
     *
     * @param append      add the point to {@code out} if it exists (else start a new curve)
     * @param name        curve name, or null for the existing curve's, or {@code out}'s base name
     * @param description curve description, or null for the existing curve's (or none)
     * @param csv         CSV to append the per-image rows to, or null
     */
    public record Target(Path out, boolean append, String name, String description, Path csv) {
    }

    /** Per-image measurement. */
    record ImageResult(String base, int width, int height, long bytes, double bpp, double psnr, double msssim,
                       double msssimDb) {
    }

    /** Mean over images (MS-SSIM means over the images large enough for 5 scales). */
    public record Point(int images, double bpp, double psnr, double msssim, double msssimDb, int msImages) {
    }

    private final Inputs inputs;
    private final Setting setting;
    private final Target target;

    public CodecPoint(Inputs inputs, Setting setting, Target target) {
        this.inputs = inputs;
        this.setting = setting;
        this.target = target;
    }

    /**
     * Measures every image, writes the curve with the point added (and the per-image CSV rows) and
     * prints one summary line; returns the point.
     */
    public Point run(PrintStream stdout) throws IOException {
        List<ImageResult> rows = measure();
        Point p = mean(rows);
        Path out = target.out();
        RdCurve curve = target.append() && Files.exists(out) ? RdCurve.read(out) : null;
        String curveName = target.name() != null ? target.name() : curve != null ? curve.name() : stripExt(out.getFileName().toString());
        String desc = target.description() != null ? target.description() : curve != null ? curve.description() : "";
        RdCurve updated = addPoint(curve, curveName, desc, p);
        if (out.toAbsolutePath().getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        updated.write(out);
        if (target.csv() != null) writeCsv(curveName, rows);
        stdout.printf(Locale.ROOT, "%s %s: %d images, bpp %.4f, PSNR-RGB %.3f dB, MS-SSIM %.5f (%.3f dB)%n", curveName,
                setting.label(), p.images, p.bpp, p.psnr, p.msssim, Metrics.msSsimDb(p.msssim));
        return p;
    }

    /** Every original (up to the limit) against its decoded image and compressed file. */
    List<ImageResult> measure() throws IOException {
        List<ImageResult> rows = new ArrayList<>();
        for (Path original : Images.list(inputs.originals(), inputs.limit())) rows.add(measure(original));
        return rows;
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
        if (setting.encodingTime() != null) point.put(RdCurve.ENCODING_TIME, setting.encodingTime());
        if (setting.decodingTime() != null) point.put(RdCurve.DECODING_TIME, setting.decodingTime());
        point.putAll(setting.params());
        for (String k : results.keySet()) {
            if (!point.containsKey(k)) throw new IOException(target.out() + " has \"" + k + "\" values that this point lacks");
        }
        for (Map.Entry<String, Double> e : point.entrySet()) {
            List<Double> v = new ArrayList<>(results.getOrDefault(e.getKey(), List.of()));
            if (v.size() != before) throw new IOException(target.out() + ": this point has \"" + e.getKey() + "\" but the curve's points do not");
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
        Path csv = target.csv();
        boolean header = !Files.exists(csv) || Files.size(csv) == 0;
        if (csv.toAbsolutePath().getParent() != null) Files.createDirectories(csv.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
            if (header) w.println(CSV_HEADER);
            for (ImageResult r : rows) {
                w.printf(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.5f,%.4f,%.6f,%.4f%n", curveName, setting.label().replace(',', ';'), r.base,
                        r.width, r.height, r.bytes, r.bpp, r.psnr, r.msssim, r.msssimDb);
            }
        }
    }

    private Path findDecoded(String base) throws IOException {
        for (String ext : DECODED_EXTENSIONS) {
            Path p = inputs.decoded().resolve(base + ext);
            if (Files.isRegularFile(p)) return p;
        }
        throw new IOException(inputs.decoded() + ": no decoded " + base + ".png or .bmp");
    }

    private Path findCompressed(String base) throws IOException {
        Path compressed = inputs.compressed();
        if (inputs.compressedExt() != null) {
            String ext = inputs.compressedExt().startsWith(".") ? inputs.compressedExt() : "." + inputs.compressedExt();
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
