package dev.sth.encoder.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.sth.encoder.TestSupport;

/**
 * Readers and writers used from several threads at once (docs/IMAGEIO.md, "Threads"): each thread
 * with its own reader or writer, as ImageIO intends, gives exactly what one thread gives alone, and so
 * does a thread that is lent the pooled encoder and decoder another thread used before.
 */
class ConcurrentUseTest {

    private static final int THREADS = 4;

    @Test
    void fourThreadsWriteAndReadExactlyWhatOneThreadDoes() throws Exception {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) images.add(TestSupport.picture(40 + 9 * i, 31 + 5 * i));

        // One thread, in order: the reference bytes and pixels.
        List<byte[]> files = new ArrayList<>();
        List<int[]> pixels = new ArrayList<>();
        for (BufferedImage img : images) {
            byte[] f = write(img);
            files.add(f);
            pixels.add(pixels(ImageIO.read(new ByteArrayInputStream(f))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<byte[]>> written = new ArrayList<>();
            for (BufferedImage img : images) written.add(pool.submit(() -> write(img)));
            List<Future<int[]>> read = new ArrayList<>();
            for (byte[] f : files) read.add(pool.submit((Callable<int[]>) () -> pixels(ImageIO.read(new ByteArrayInputStream(f)))));
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(files.get(i), written.get(i).get(), "file " + i + " written concurrently differs");
                assertArrayEquals(pixels.get(i), read.get(i).get(), "image " + i + " read concurrently differs");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aThreadThatTakesOverAnotherThreadsEncoderAndDecoderGetsTheSameResult() throws Exception {
        // Each new thread is lent the encoder and decoder (and their graphs' sessions) the last one gave back.
        BufferedImage img = TestSupport.picture(45, 38);
        byte[] file = write(img);
        int[] decoded = pixels(ImageIO.read(new ByteArrayInputStream(file)));
        for (int i = 0; i < 6; i++) {
            Object[] got = new Object[2];
            Thread t = new Thread(() -> {
                try {
                    got[0] = write(img);
                    got[1] = pixels(ImageIO.read(new ByteArrayInputStream(file)));
                } catch (Exception e) {
                    got[0] = e;
                }
            });
            t.start();
            t.join();
            assertArrayEquals(file, (byte[]) got[0], "thread " + i + " wrote other bytes");
            assertArrayEquals(decoded, (int[]) got[1], "thread " + i + " read other pixels");
        }
    }

    private static byte[] write(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(true, ImageIO.write(img, "sth", out));
        return out.toByteArray();
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
