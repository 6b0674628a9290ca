package dev.sth.decoder.imageio;

import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;

/**
 * Run in a child JVM by {@link WhereItRunsTest}: reads a PNG, then an .sth file, through ImageIO, and
 * prints one line for each, so the test sees what a host application would.
 */
public final class NativeProbe {
    public static void main(String[] args) {
        for (String path : args) {
            try {
                BufferedImage img = ImageIO.read(new File(path));
                System.out.println(path + ": read " + img.getWidth() + "x" + img.getHeight());
            } catch (IIOException e) {
                System.out.println(path + ": IIOException: " + e.getMessage());
            } catch (Throwable e) {
                System.out.println(path + ": OTHER " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }
}
