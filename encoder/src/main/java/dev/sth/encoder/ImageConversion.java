package dev.sth.encoder;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.ArrayList;
import java.util.List;

import dev.sth.format.ImageInfo;

/**
 * Any decoded image to what the codec codes: 8-bit sRGB ({@code TYPE_INT_RGB}), plus what the
 * source was (recorded in the header) and its alpha plane, if any. Every conversion is explicit:
 * <ul>
 *   <li>gray → R = G = B, header channels 1 (the decoder gives gray back). Samples are read from the
 *       raster: {@code getRGB} on a gray image would apply a colour-space conversion.</li>
 *   <li>palette (incl. 1/2/4-bit) → RGB through the palette; palette transparency → alpha.</li>
 *   <li>16-bit (or any depth above 8) → 8 bits by rounding (v / 257 for 16 bits), header bit depth
 *       16, and a warning that precision is dropped.</li>
 *   <li>alpha → kept losslessly at 8 bits (the encoder stores it in an {@code alph} chunk), header
 *       channels 4.</li>
 *   <li>other colour spaces (CMYK, ICC profiles, linear RGB) and premultiplied alpha → sRGB
 *       through Java's colour conversion.</li>
 * </ul>
 * Works row by row: no copy of the image beyond the 8-bit RGB result and the alpha plane.
 */
public final class ImageConversion {

    /**
     * The codec's view of a source image.
     *
     * @param rgb      8-bit sRGB, {@code TYPE_INT_RGB}
     * @param info     size, channels (1 gray, 3 RGB, 4 RGBA) and bit depth (8 or 16) of the source
     * @param alpha    row-major 8-bit alpha plane when {@code info.channels() == 4}, else null
     * @param warnings what was lost on the way, one sentence each
     */
    public record Converted(BufferedImage rgb, ImageInfo info, byte[] alpha, List<String> warnings) {
    }

    private ImageConversion() {
    }

    public static Converted convert(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        boolean hasAlpha = cm.hasAlpha();
        int maxBits = 0;
        for (int s : cm.getComponentSize()) maxBits = Math.max(maxBits, s);
        int bitDepth = maxBits > 8 ? 16 : 8;

        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        byte[] alpha = hasAlpha ? new byte[w * h] : null;
        List<String> warnings = new ArrayList<>();
        int channels;
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;

        if (cm instanceof IndexColorModel) {
            channels = hasAlpha ? 4 : 3;
            viaGetRgb(img, px, alpha);
        } else if (gray && cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()) {
            channels = hasAlpha ? 4 : 1;
            int gBits = cm.getComponentSize(0);
            int aBits = hasAlpha ? cm.getComponentSize(1) : 0;
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int v = to8(row[x * bands], gBits);
                    px[y * w + x] = v << 16 | v << 8 | v;
                    if (hasAlpha) alpha[y * w + x] = (byte) to8(row[x * bands + 1], aBits);
                }
            }
        } else if (cm.getColorSpace().isCS_sRGB() && cm.getNumColorComponents() == 3 && !cm.isAlphaPremultiplied()
                && (cm instanceof ComponentColorModel || cm instanceof DirectColorModel)) {
            channels = hasAlpha ? 4 : 3;
            int[] bits = cm.getComponentSize();
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            for (int y = 0; y < h; y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    int i = x * bands;
                    px[y * w + x] = to8(row[i], bits[0]) << 16 | to8(row[i + 1], bits[1]) << 8 | to8(row[i + 2], bits[2]);
                    if (hasAlpha) alpha[y * w + x] = (byte) to8(row[i + 3], bits[3]);
                }
            }
        } else {
            // CMYK, ICC-profiled, linear or premultiplied: let Java convert to sRGB.
            channels = hasAlpha ? 4 : 3;
            if (gray) {
                warnings.add("gray image in an unusual colour model converted through sRGB; coded as RGB");
            }
            viaGetRgb(img, px, alpha);
        }
        if (bitDepth > 8) {
            warnings.add(maxBits + "-bit samples rounded to 8 bits: the codec codes 8 bits per sample"
                    + " (the header records the " + bitDepth + "-bit source)");
        }
        return new Converted(rgb, new ImageInfo(w, h, channels, bitDepth), alpha, List.copyOf(warnings));
    }

    private static void viaGetRgb(BufferedImage img, int[] px, byte[] alpha) {
        int w = img.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                px[y * w + x] = row[x] & 0xFFFFFF;
                if (alpha != null) alpha[y * w + x] = (byte) (row[x] >>> 24);
            }
        }
    }

    /** A sample of {@code bits} bits to 8 bits, rounded to nearest (16 bits: v / 257). */
    static int to8(int v, int bits) {
        if (bits == 8) return v;
        long max = (1L << bits) - 1;
        return (int) ((v * 510L + max) / (2 * max));
    }
}
