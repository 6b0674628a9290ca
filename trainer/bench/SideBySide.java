import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * The same SIZE×SIZE crop of an original and of decoded images, side by side at 2× (nearest neighbour):
 * {@code java trainer/bench/SideBySide.java X Y SIZE OUT.png ORIGINAL.png DECODED.png ...}
 * Used for the PSNR vs MS-SSIM family comparison in docs/RESULTS.md.
 */
public class SideBySide {
    public static void main(String[] a) throws Exception {
        int x = Integer.parseInt(a[0]), y = Integer.parseInt(a[1]), s = Integer.parseInt(a[2]);
        int n = a.length - 4;
        BufferedImage out = new BufferedImage(n * (2 * s + 8) - 8, 2 * s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < n; i++) {
            BufferedImage img = ImageIO.read(new File(a[4 + i]));
            g.drawImage(img.getSubimage(x, y, s, s), i * (2 * s + 8), 0, 2 * s, 2 * s, null);
        }
        g.dispose();
        ImageIO.write(out, "png", new File(a[3]));
    }
}
