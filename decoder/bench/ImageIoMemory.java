import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * The ImageIO plugin as a host application meets it: a plain JVM, the codec's jar on the class path,
 * {@code ImageIO.read} (and, with the encoder jar, {@code ImageIO.write}) in a loop, nothing else set.
 * Prints the process's resident set size (heap and native together, /proc/self/status) after the first
 * 50 operations and at the end, the growth between them, and the peak, sampled every 5 ms by a
 * background thread (so it includes the buffers alive during a decode, not only between them).
 *
 * java -Xmx1g -cp decoder/target/sth-decoder.jar decoder/bench/ImageIoMemory.java DIR_OF_STH_FILES READS [PNG_DIR WRITES [interleaved]]
 *
 * <p>The writes (encoder jar on the class path instead) come after all the reads, or spread evenly among
 * them with {@code interleaved}, as a service that both serves and stores images would do them.
 */
public class ImageIoMemory {
    public static void main(String[] args) throws Exception {
        List<File> sth = list(Path.of(args[0]), ".sth");
        int reads = Integer.parseInt(args[1]);
        List<File> png = args.length > 3 ? list(Path.of(args[2]), ".png") : List.of();
        int writes = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean interleaved = args.length > 4 && args[4].equals("interleaved");
        Path out = Files.createTempFile("imageio-memory", ".sth");
        long[] sampledPeak = {0};
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long rss = rssKb();
                    synchronized (sampledPeak) {
                        sampledPeak[0] = Math.max(sampledPeak[0], rss);
                    }
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                // interrupted: done
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        long atFifty = -1;
        long peak = 0;
        int done = 0;
        int total = reads + writes;
        int readsDone = 0;
        int writesDone = 0;
        for (int i = 0; i < total; i++) {
            // Interleaved: a write whenever the writes have fallen behind their share of the operations so far.
            boolean write = interleaved ? (long) (writesDone + 1) * total <= (long) (i + 1) * writes : i >= reads;
            if (!write) {
                if (ImageIO.read(sth.get(readsDone++ % sth.size())) == null) throw new IllegalStateException("no reader for .sth");
            } else {
                var img = ImageIO.read(png.get(writesDone++ % png.size()));
                if (!ImageIO.write(img, "sth", out.toFile())) throw new IllegalStateException("no writer for sth");
            }
            done++;
            long rss = rssKb();
            peak = Math.max(peak, rss);
            if (done == 50) atFifty = rss;
            if (done % 50 == 0) {
                var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                System.out.printf(Locale.ROOT, "%d/%d operations, RSS %.0f MB (Java heap committed %d MB, used %d MB), %.0f ms/op%n",
                        done, total, rss / 1024.0, heap.getCommitted() >> 20, heap.getUsed() >> 20, (System.nanoTime() - t0) / 1e6 / done);
            }
        }
        long end = rssKb();
        sampler.interrupt();
        sampler.join();
        synchronized (sampledPeak) {
            peak = Math.max(peak, sampledPeak[0]);
        }
        Files.deleteIfExists(out);
        System.out.printf(Locale.ROOT, "RSS after 50: %.0f MB; at the end (%d reads, %d writes%s): %.0f MB; peak %.0f MB; growth after the first 50: %+.1f%%%n",
                atFifty / 1024.0, reads, writes, interleaved ? ", interleaved" : "", end / 1024.0, peak / 1024.0, 100.0 * (end - atFifty) / atFifty);
    }

    private static List<File> list(Path dir, String ext) throws Exception {
        List<File> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(ext)).sorted().forEach(p -> files.add(p.toFile()));
        }
        if (files.isEmpty()) throw new IllegalArgumentException(dir + ": no " + ext + " files");
        return files;
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
