package dev.sth.decoder.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Decoded images out through ImageIO, the format chosen by file extension. */
final class ImageFiles {

    /** Extensions whose formats keep an alpha channel. */
    private static final Set<String> ALPHA = Set.of("png", "tif", "tiff", "pam");

    static {
        ImageIO.setUseCache(false); // no temporary files from ImageIO itself
    }

    private ImageFiles() {
    }

    /** Output extensions this build can write (those of the ImageIO writers on the class path). */
    static Set<String> writableExtensions() {
        Set<String> s = new TreeSet<>();
        for (String suffix : ImageIO.getWriterFileSuffixes()) {
            String x = suffix.toLowerCase(Locale.ROOT);
            if (!x.isEmpty() && !x.equals("sth")) s.add(x);
        }
        return s;
    }

    static boolean canWrite(String extension) {
        return writableExtensions().contains(extension);
    }

    static boolean keepsAlpha(String extension) {
        return ALPHA.contains(extension);
    }

    /** An image the format can store: alpha dropped (onto black) where the format has none. */
    static BufferedImage forFormat(BufferedImage img, String extension) {
        if (!img.getColorModel().hasAlpha() || keepsAlpha(extension)) return img;
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        int w = img.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) row[x] &= 0xFFFFFF;
            rgb.setRGB(0, y, w, 1, row, 0, w);
        }
        return rgb;
    }

    static void write(BufferedImage img, String extension, OutputStream out) throws IOException {
        ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersBySuffix(extension);
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (!writer.getOriginatingProvider().canEncodeImage(type)) continue;
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (param.canWriteCompressed() && (extension.equals("jpg") || extension.equals("jpeg"))) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(0.95f); // the pixels are lossy already
                }
                writer.write(null, new IIOImage(img, null, null), param);
                ios.flush();
                return;
            } finally {
                writer.dispose();
            }
        }
        throw new IOException("no ImageIO writer for ." + extension + " can store this "
                + (img.getType() == BufferedImage.TYPE_BYTE_GRAY ? "gray" : img.getColorModel().hasAlpha() ? "RGBA" : "RGB")
                + " image");
    }
}
