package dev.sth.train;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A folder of photos held in memory as 8-bit RGB, split deterministically into training and
 * validation images. Read through ImageIO, so TwelveMonkeys' readers handle the JPEGs.
 */
public final class ImageFolder {

    /** One decoded image, RGB interleaved. */
    public record Rgb(String name, int width, int height, byte[] pixels) {
        int at(int x, int y, int c) {
            return pixels[(y * width + x) * 3 + c] & 0xff;
        }

        /** As a TYPE_INT_RGB image, the form the encoder takes. */
        public BufferedImage toImage() {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int o = (y * width + x) * 3;
                    row[x] = ((pixels[o] & 0xff) << 16) | ((pixels[o + 1] & 0xff) << 8) | (pixels[o + 2] & 0xff);
                }
                img.setRGB(0, y, width, 1, row, 0, width);
            }
            return img;
        }
    }

    private final List<Rgb> train = new ArrayList<>();
    private final List<Rgb> validation = new ArrayList<>();

    /**
     * @param validationEvery every k-th file (in name order) is held out for validation; 0 for none
     * @param downscale       factor in (0, 1] applied on load (a mild downscale hides JPEG artefacts)
     */
    public ImageFolder(Path dir, int validationEvery, double downscale) throws IOException {
        this(dir, validationEvery, downscale, 0);
    }

    /** @param maxSide after the downscale, larger images are scaled so their long side is this (0: no cap) */
    public ImageFolder(Path dir, int validationEvery, double downscale, int maxSide) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(ImageFolder::isImage).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(dir + ": no .png or .jpg images found");
        for (int i = 0; i < files.size(); i++) {
            Rgb img = load(files.get(i), downscale, maxSide);
            if (validationEvery > 0 && i % validationEvery == validationEvery / 2) validation.add(img);
            else train.add(img);
        }
    }

    public List<Rgb> train() {
        return train;
    }

    public List<Rgb> validation() {
        return validation;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    static Rgb load(Path file, double downscale, int maxSide) throws IOException {
        BufferedImage src = ImageIO.read(file.toFile());
        if (src == null) throw new IOException(file + ": no ImageIO reader for this file");
        double factor = downscale;
        int longSide = Math.max(src.getWidth(), src.getHeight());
        if (maxSide > 0 && longSide * factor > maxSide) factor = maxSide / (double) longSide;
        int w = Math.max(8, (int) Math.round(src.getWidth() * factor));
        int h = Math.max(8, (int) Math.round(src.getHeight() * factor));
        // Halve first while more than 2× too large (bilinear at exactly ½ averages 2×2 pixels), so
        // that a large reduction does not alias; the last step, by a factor ≥ ½, is bicubic.
        while (src.getWidth() >= 2 * w && src.getHeight() >= 2 * h) {
            src = scaled(src, src.getWidth() / 2, src.getHeight() / 2, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        BufferedImage rgb = scaled(src, w, h, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int[] row = new int[w];
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                px[o] = (byte) (p >> 16);
                px[o + 1] = (byte) (p >> 8);
                px[o + 2] = (byte) p;
            }
        }
        return new Rgb(file.getFileName().toString(), w, h, px);
    }

    private static BufferedImage scaled(BufferedImage src, int w, int h, Object interpolation) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        if (w != src.getWidth() || h != src.getHeight()) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** A batch [B,3,crop,crop] in [0,1] of random crops with random horizontal flips. */
    public INDArray sample(Random rnd, int batch, int crop) {
        float[] out = new float[batch * 3 * crop * crop];
        int plane = crop * crop;
        for (int b = 0; b < batch; b++) {
            Rgb img = pickLargeEnough(rnd, crop);
            int x0 = rnd.nextInt(img.width() - crop + 1);
            int y0 = rnd.nextInt(img.height() - crop + 1);
            boolean flip = rnd.nextBoolean();
            int base = b * 3 * plane;
            for (int y = 0; y < crop; y++) {
                for (int x = 0; x < crop; x++) {
                    int sx = x0 + (flip ? crop - 1 - x : x);
                    int o = ((y0 + y) * img.width() + sx) * 3;
                    int d = y * crop + x;
                    out[base + d] = (img.pixels()[o] & 0xff) / 255f;
                    out[base + plane + d] = (img.pixels()[o + 1] & 0xff) / 255f;
                    out[base + 2 * plane + d] = (img.pixels()[o + 2] & 0xff) / 255f;
                }
            }
        }
        return Nd4j.create(out, new long[] {batch, 3, crop, crop}, 'c');
    }

    private Rgb pickLargeEnough(Random rnd, int crop) {
        for (int tries = 0; tries < 1000; tries++) {
            Rgb img = train.get(rnd.nextInt(train.size()));
            if (img.width() >= crop && img.height() >= crop) return img;
        }
        throw new IllegalStateException("no training image is at least " + crop + "×" + crop);
    }

    /** The central crop×crop of an image (or the largest multiple of 8 that fits) as [1,3,h,w]. */
    public static INDArray centerCrop(Rgb img, int crop) {
        int w = Math.min(crop, img.width()) / 8 * 8;
        int h = Math.min(crop, img.height()) / 8 * 8;
        int x0 = (img.width() - w) / 2;
        int y0 = (img.height() - h) / 2;
        float[] out = new float[3 * w * h];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) out[(c * h + y) * w + x] = img.at(x0 + x, y0 + y, c) / 255f;
        return Nd4j.create(out, new long[] {1, 3, h, w}, 'c');
    }
}
