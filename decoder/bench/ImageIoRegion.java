import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One ImageIO read of a .sth file in a plain JVM: the size (header only) and then the whole image or a
 * source region. Prints the times; run it under /usr/bin/time for the peak resident set size.
 * java -Xmx1g -cp decoder/target/sth-decoder.jar decoder/bench/ImageIoRegion.java FILE [X Y W H]
 */
public class ImageIoRegion {
    public static void main(String[] args) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new File(args[0]))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            long t0 = System.nanoTime();
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            long t1 = System.nanoTime();
            ImageReadParam p = reader.getDefaultReadParam();
            if (args.length == 5) {
                p.setSourceRegion(new Rectangle(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]), Integer.parseInt(args[4])));
            }
            BufferedImage img = reader.read(0, p);
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "%dx%d: size in %.1f ms (header only); read of %dx%d in %.1f s%n",
                    w, h, (t1 - t0) / 1e6, img.getWidth(), img.getHeight(), (t2 - t1) / 1e9);
        }
    }
}
