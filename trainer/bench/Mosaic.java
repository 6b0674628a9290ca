import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Makes a large test photo: a 3×3 mosaic of bicubic-upscaled (alternately mirrored) copies of one
 * image. Run as a single-file program: {@code java trainer/bench/Mosaic.java IN.png OUT.png 6000 4000}.
 */
public class Mosaic {
    public static void main(String[] a) throws Exception {
        BufferedImage src = ImageIO.read(new File(a[0]));
        int w = Integer.parseInt(a[2]);
        int h = Integer.parseInt(a[3]);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        for (int ty = 0; ty < 3; ty++) {
            for (int tx = 0; tx < 3; tx++) {
                int x0 = tx * w / 3, y0 = ty * h / 3, tw = w / 3 + 1, th = h / 3 + 1;
                if ((tx + ty) % 2 == 0) g.drawImage(src, x0, y0, tw, th, null);
                else g.drawImage(src, x0 + tw, y0, -tw, th, null);
            }
        }
        g.dispose();
        ImageIO.write(out, "png", new File(a[1]));
    }
}
