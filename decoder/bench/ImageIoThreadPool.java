import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.imageio.ImageIO;

/**
 * A server's thread pool that serves one read at a time (plain JVM, only the decoder jar): each read
 * lands on another of the pool's threads, so what the codec keeps per thread shows as resident memory
 * growing with the number of threads that ever read. Prints RSS after each round of THREADS reads.
 * java -Xmx1g -cp decoder/target/sth-decoder.jar decoder/bench/ImageIoThreadPool.java DIR_OF_STH_FILES THREADS ROUNDS
 */
public class ImageIoThreadPool {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((d, n) -> n.endsWith(".sth"));
        Arrays.sort(files);
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int reads = 0;
        long t0 = System.nanoTime();
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < threads; i++) {
                File f = files[reads++ % files.length];
                // One at a time: a fixed pool starts a new thread for each task until it has THREADS.
                pool.submit(() -> ImageIO.read(f)).get();
            }
            System.out.printf(Locale.ROOT, "after %d reads on %d threads: RSS %d MB%n", reads, threads, status("VmRSS"));
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "peak RSS %d MB, %.0f ms per read%n", status("VmHWM"),
                (System.nanoTime() - t0) / 1e6 / reads);
    }

    /** A /proc/self/status figure in MB. */
    private static long status(String key) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(key + ":")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }
}
