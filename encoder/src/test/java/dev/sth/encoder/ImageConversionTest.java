package dev.sth.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.File;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.sth.format.ImageInfo;

class ImageConversionTest {

    @Test
    void rgbIsCopiedExactly() {
        BufferedImage src = TestSupport.picture(13, 7);
        ImageConversion.Converted c = ImageConversion.convert(src);
        assertEquals(new ImageInfo(13, 7, 3, 8), c.info());
        assertNull(c.alpha());
        assertTrue(c.warnings().isEmpty());
        assertEquals(BufferedImage.TYPE_INT_RGB, c.rgb().getType());
        assertArrayEquals(src.getRGB(0, 0, 13, 7, null, 0, 13), c.rgb().getRGB(0, 0, 13, 7, null, 0, 13));
    }

    @Test
    void grayIsReadFromTheRasterNotThroughGetRgb() {
        BufferedImage gray = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 1, 50, 100, 128, 200, 254, 255};
        gray.getRaster().setPixels(0, 0, 4, 2, v);
        ImageConversion.Converted c = ImageConversion.convert(gray);
        assertEquals(new ImageInfo(4, 2, 1, 8), c.info());
        for (int i = 0; i < v.length; i++) {
            int p = c.rgb().getRGB(i % 4, i / 4) & 0xFFFFFF;
            assertEquals(v[i] << 16 | v[i] << 8 | v[i], p, "sample " + i); // getRGB would give 50 -> 124 etc.
        }
    }

    @Test
    void sixteenBitGrayIsRoundedAndRecorded() {
        BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 128, 129, 65535});
        ImageConversion.Converted c = ImageConversion.convert(g16);
        assertEquals(new ImageInfo(4, 1, 1, 16), c.info());
        assertEquals(0, c.rgb().getRGB(0, 0) & 0xFF);
        assertEquals(0, c.rgb().getRGB(1, 0) & 0xFF);   // 128/257 = 0.498 -> 0
        assertEquals(1, c.rgb().getRGB(2, 0) & 0xFF);   // 129/257 = 0.502 -> 1
        assertEquals(255, c.rgb().getRGB(3, 0) & 0xFF);
        assertTrue(c.warnings().get(0).contains("16-bit samples rounded to 8 bits"), c.warnings().toString());
    }

    @Test
    void sixteenBitRgbaKeepsAlpha() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(2, 1);
        r.setPixels(0, 0, 2, 1, new int[] {65535, 257 * 10, 0, 257 * 128, 0, 65535, 65535, 65535});
        ImageConversion.Converted c = ImageConversion.convert(new BufferedImage(cm, r, false, null));
        assertEquals(new ImageInfo(2, 1, 4, 16), c.info());
        assertEquals(0xFF0A00, c.rgb().getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x00FFFF, c.rgb().getRGB(1, 0) & 0xFFFFFF);
        assertArrayEquals(new byte[] {(byte) 128, (byte) 255}, c.alpha());
    }

    @Test
    void paletteBecomesRgbAndItsTransparencyAlpha() throws Exception {
        BufferedImage pal = ImageIO.read(new File(TestSupport.testdata().toFile(), "palette_color.png"));
        assertTrue(pal.getColorModel() instanceof IndexColorModel);
        ImageConversion.Converted c = ImageConversion.convert(pal);
        assertEquals(pal.getColorModel().hasAlpha() ? 4 : 3, c.info().channels());
        for (int y = 0; y < pal.getHeight(); y++)
            for (int x = 0; x < pal.getWidth(); x++)
                assertEquals(pal.getRGB(x, y) & 0xFFFFFF, c.rgb().getRGB(x, y) & 0xFFFFFF);

        IndexColorModel icm = new IndexColorModel(2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0}, new byte[] {0, 0}, 0);
        BufferedImage t = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, icm);
        t.getRaster().setPixels(0, 0, 2, 1, new int[] {0, 1});
        ImageConversion.Converted ct = ImageConversion.convert(t);
        assertEquals(4, ct.info().channels());
        assertArrayEquals(new byte[] {0, (byte) 255}, ct.alpha());
        assertEquals(0xFF0000, ct.rgb().getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void alphaIsKeptExactlyAndPremultipliedIsUndone() {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00123456);
        argb.setRGB(1, 0, 0x80FF0000);
        argb.setRGB(2, 0, 0xFF00FF00);
        ImageConversion.Converted c = ImageConversion.convert(argb);
        assertEquals(4, c.info().channels());
        assertArrayEquals(new byte[] {0, (byte) 0x80, (byte) 0xFF}, c.alpha());
        assertEquals(0xFF0000, c.rgb().getRGB(1, 0) & 0xFFFFFF);

        BufferedImage pre = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB_PRE);
        pre.setRGB(0, 0, 0x80FF0000);
        ImageConversion.Converted cp = ImageConversion.convert(pre);
        assertEquals((byte) 0x80, cp.alpha()[0]);
        assertTrue((cp.rgb().getRGB(0, 0) >> 16 & 0xFF) >= 0xFD, "un-premultiplied red");
    }

    @Test
    void onePixelAndPackedTypes() {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_565_RGB);
        one.setRGB(0, 0, 0xFFFFFF);
        ImageConversion.Converted c = ImageConversion.convert(one);
        assertEquals(new ImageInfo(1, 1, 3, 8), c.info());
        assertEquals(0xFFFFFF, c.rgb().getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void to8RoundsToNearest() {
        assertEquals(0, ImageConversion.to8(128, 16));
        assertEquals(1, ImageConversion.to8(129, 16));
        assertEquals(255, ImageConversion.to8(65535, 16));
        assertEquals(255, ImageConversion.to8(31, 5));
        assertEquals(132, ImageConversion.to8(16, 5)); // 16 * 255 / 31 = 131.6
        assertEquals(77, ImageConversion.to8(77, 8));
    }
}
