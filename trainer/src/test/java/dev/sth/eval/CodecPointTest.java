package dev.sth.eval;

import dev.sth.metrics.Metrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CodecPoint}: one rate point of an external codec, measured from its files. */
class CodecPointTest {

    static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    static BufferedImage noise(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img.setRGB(x, y, r.nextInt(1 << 24));
        }
        return img;
    }

    static BufferedImage perturb(BufferedImage src, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int v = src.getRGB(x, y);
                int red = Math.max(0, Math.min(255, ((v >> 16) & 0xFF) + r.nextInt(7) - 3));
                img.setRGB(x, y, (v & 0xFF00FFFF) | (red << 16));
            }
        }
        return img;
    }

    @Test
    void measuresOnePointAndAppendsSortedByBpp(@TempDir Path dir) throws Exception {
        Path orig = Files.createDirectories(dir.resolve("orig"));
        Path dec = Files.createDirectories(dir.resolve("dec"));
        Path enc = Files.createDirectories(dir.resolve("enc"));
        BufferedImage[] a = {noise(200, 180, 1), noise(170, 190, 2)};
        BufferedImage[] b = {perturb(a[0], 3), perturb(a[1], 4)};
        for (int i = 0; i < 2; i++) {
            ImageIO.write(a[i], "png", orig.resolve("im" + i + ".png").toFile());
            ImageIO.write(b[i], "bmp", dec.resolve("im" + i + ".bmp").toFile());
        }
        Files.write(enc.resolve("im0.xyz"), new byte[1000]);
        Files.write(enc.resolve("im1.xyz"), new byte[3000]);
        Path out = dir.resolve("curve.json");
        CodecPoint.Inputs inputs = new CodecPoint.Inputs(orig, dec, enc, null, 0);
        CodecPoint.Target target = new CodecPoint.Target(out, true, "test codec", null, dir.resolve("c.csv"));
        new CodecPoint(inputs, setting("q", 9), target).run(QUIET);
        // a second, cheaper point: all compressed files smaller
        Files.write(enc.resolve("im0.xyz"), new byte[100]);
        Files.write(enc.resolve("im1.xyz"), new byte[300]);
        new CodecPoint(inputs, setting("q", 1), target).run(QUIET);
        RdCurve c = RdCurve.read(out);
        assertEquals("test codec", c.name());
        assertEquals(2, c.size());
        double bppHi = (1000 * 8.0 / (200 * 180) + 3000 * 8.0 / (170 * 190)) / 2;
        double bppLo = (100 * 8.0 / (200 * 180) + 300 * 8.0 / (170 * 190)) / 2;
        assertEquals(List.of(bppLo, bppHi), c.get(RdCurve.BPP));
        assertEquals(List.of(1.0, 9.0), c.get("q"));
        double psnr = (Metrics.psnrRgb(a[0], b[0]) + Metrics.psnrRgb(a[1], b[1])) / 2;
        double ms = (Metrics.msSsim(a[0], b[0]) + Metrics.msSsim(a[1], b[1])) / 2;
        assertEquals(psnr, c.get(RdCurve.PSNR).get(0), 1e-12);
        assertEquals(ms, c.get(RdCurve.MS_SSIM).get(1), 1e-12);
        assertTrue(ms < 1 && ms > 0.9);
        assertEquals(1 + 2 * 2, Files.readAllLines(dir.resolve("c.csv")).size());
    }

    @Test
    void readsStoredSamplesWithoutColourManagement(@TempDir Path dir) throws Exception {
        BufferedImage gray = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 100);
        Path p = dir.resolve("g.png");
        ImageIO.write(gray, "png", p.toFile());
        BufferedImage rgb = CodecPoint.readRgb8(p);
        // the stored value is replicated to R = G = B
        assertEquals((100 << 16) | (100 << 8) | 100, rgb.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(0, rgb.getRGB(0, 0) & 0xFFFFFF);
    }

    static CodecPoint.Setting setting(String key, double value) {
        Map<String, Double> params = new LinkedHashMap<>();
        params.put(key, value);
        return new CodecPoint.Setting(params, null, null);
    }
}
