package dev.sth.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** The image files an evaluation reads, and the baseline JPEG it compares with. */
public final class Images {

    private Images() {
    }

    /** The PNG and JPEG files of {@code dir}, sorted by name; the first {@code limit} when it is positive. */
    public static List<Path> list(Path dir, int limit) throws IOException {
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

    public static BufferedImage readRgb(Path p) throws IOException {
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) throw new IOException(p + ": not a readable image");
        return toRgb(img);
    }

    public static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) return img;
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(img, 0, 0, null);
        return rgb;
    }

    /** ImageIO's baseline JPEG (4:2:0) of {@code rgb} at {@code quality} in [0, 1]. */
    public static byte[] jpegBytes(BufferedImage rgb, float quality) throws IOException {
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
}
