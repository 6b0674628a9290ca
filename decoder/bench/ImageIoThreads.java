import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

/**
 * ImageIO reads from one thread and from several at once, in one JVM (plain, only the decoder jar):
 * combined images per second for each, after a warm-up read on every thread.
 * java -cp decoder/target/sth-decoder.jar decoder/bench/ImageIoThreads.java DIR_OF_STH_FILES THREADS ROUNDS
 */
public class ImageIoThreads {
    public static void main(String[] args) throws Exception {
        File[] files = new File(args[0]).listFiles((d, n) -> n.endsWith(".sth"));
        Arrays.sort(files);
        int threads = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        List<File> work = new ArrayList<>();
        for (int r = 0; r < rounds; r++) work.addAll(Arrays.asList(files));
        double one = run(work, 1);
        double many = run(work, threads);
        System.out.printf(Locale.ROOT, "%d reads: 1 thread %.2f images/s, %d threads %.2f images/s combined (%.2fx)%n",
                work.size(), one, threads, many, many / one);
    }

    private static double run(List<File> work, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> warm = new ArrayList<>();
            for (int t = 0; t < threads; t++) warm.add(pool.submit(() -> ImageIO.read(work.get(0))));
            for (Future<?> f : warm) f.get();
            long t0 = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (File f : work) all.add(pool.submit(() -> ImageIO.read(f)));
            for (Future<?> f : all) f.get();
            return work.size() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
