import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A side-by-side crop of one image decoded by sth, JPEG (libjpeg-turbo) and WebP at (about) the
 * same file size: sth at a shipped level first, then JPEG quality and WebP -size chosen to match
 * its bytes. Needs the encoder jar on the class path and cjpeg/djpeg/cwebp/dwebp:
 * {@code java -cp encoder/target/sth-encoder.jar trainer/bench/VisualCrops.java IMAGE LEVEL X Y SIZE OUT.png}
 */
public class VisualCrops {
    public static void main(String[] a) throws Exception {
        Path src = Path.of(a[0]);
        String level = a[1];
        int x = Integer.parseInt(a[2]), y = Integer.parseInt(a[3]), size = Integer.parseInt(a[4]);
        Path tmp = Files.createTempDirectory("crops");
        BufferedImage original = ImageIO.read(src.toFile());
        long pixels = (long) original.getWidth() * original.getHeight();

        Path sth = tmp.resolve("x.sth");
        run("java", "-cp", System.getProperty("java.class.path"), "dev.sth.encoder.cli.Main", "--quiet", "-q", level,
                "-o", sth.toString(), src.toString());
        long target = Files.size(sth);
        BufferedImage sthImg = ImageIO.read(sth.toFile()); // the jar's ImageIO plugin decodes .sth

        // JPEG: the quality whose size is closest to sth's (cjpeg reads BMP, not PNG).
        Path bmp = tmp.resolve("x.bmp");
        BufferedImage rgb = new BufferedImage(original.getWidth(), original.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(original, 0, 0, null);
        ImageIO.write(rgb, "bmp", bmp.toFile());
        Path jpg = null;
        long best = Long.MAX_VALUE;
        for (int q = 5; q <= 95; q += 1) {
            Path p = tmp.resolve("q" + q + ".jpg");
            run("cjpeg", "-quality", Integer.toString(q), "-baseline", "-outfile", p.toString(), bmp.toString());
            long d = Math.abs(Files.size(p) - target);
            if (d < best) { best = d; jpg = p; }
        }
        Path webp = tmp.resolve("x.webp");
        run("cwebp", "-quiet", "-size", Long.toString(target), src.toString(), "-o", webp.toString());
        Path webpPng = tmp.resolve("w.png");
        run("dwebp", "-quiet", webp.toString(), "-o", webpPng.toString());

        List<BufferedImage> crops = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        crops.add(original.getSubimage(x, y, size, size));
        labels.add("original");
        crops.add(sthImg.getSubimage(x, y, size, size));
        labels.add(String.format(Locale.ROOT, "sth psnr-%s %.3f bpp", level, target * 8.0 / pixels));
        crops.add(ImageIO.read(jpg.toFile()).getSubimage(x, y, size, size));
        labels.add(String.format(Locale.ROOT, "JPEG %.3f bpp", Files.size(jpg) * 8.0 / pixels));
        crops.add(ImageIO.read(webpPng.toFile()).getSubimage(x, y, size, size));
        labels.add(String.format(Locale.ROOT, "WebP %.3f bpp", Files.size(webp) * 8.0 / pixels));

        int pad = 24;
        BufferedImage out = new BufferedImage(crops.size() * size, size + pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (int i = 0; i < crops.size(); i++) {
            g.drawImage(crops.get(i), i * size, pad, null);
            g.drawString(labels.get(i), i * size + 4, 17);
        }
        g.dispose();
        ImageIO.write(out, "png", new File(a[5]));
        System.out.println(String.join(" | ", labels));
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + new String(outBytes));
    }
}
