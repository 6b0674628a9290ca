package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading training images: the downscale, the long-side cap, and no aliasing on large reductions. */
class ImageFolderTest {

    private static Path checkerboard(Path dir, String name, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) img.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0x000000);
        }
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void theLongSideCapAppliesAfterTheDownscaleAndOnlyToLargerImages(@TempDir Path dir) throws Exception {
        ImageFolder.Rgb big = ImageFolder.load(checkerboard(dir, "big.png", 1600, 1000), 0.75, 400);
        assertEquals(400, big.width());
        assertEquals(250, big.height());
        ImageFolder.Rgb small = ImageFolder.load(checkerboard(dir, "small.png", 400, 300), 0.75, 400);
        assertEquals(300, small.width(), "300 px after the downscale is under the cap");
        assertEquals(225, small.height());
    }

    @Test
    void aLargeReductionAveragesInsteadOfAliasing(@TempDir Path dir) throws Exception {
        // A one-pixel checkerboard reduced 7.7× is uniform grey; a single bicubic step samples it to
        // black and white patterns instead.
        ImageFolder.Rgb r = ImageFolder.load(checkerboard(dir, "fine.png", 1000, 1000), 1.0, 130);
        assertEquals(130, r.width());
        byte[] px = r.pixels();
        int lo = 255;
        int hi = 0;
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xFF;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertTrue(lo >= 112 && hi <= 144, "reduced checkerboard spans " + lo + ".." + hi + ", not grey");
    }
}
