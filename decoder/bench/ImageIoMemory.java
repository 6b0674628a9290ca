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
 * background thread (so it includes the buffers alive during a decode, not only between them), and the
 * largest rise during one operation above the RSS just before it (what one decode holds at once). Each
 * figure is also split into the Java heap's resident part (the host JVM's collector decides how much of
 * its committed heap it touches) and everything else (the JVM's own native memory, the native library,
 * the model and the plugin's native buffers), from /proc/self/smaps.
 *
 * javac -d OUT decoder/bench/ImageIoMemory.java && java -Xmx1g -cp decoder/target/sth-decoder.jar:OUT ImageIoMemory DIR_OF_STH_FILES READS [PNG_DIR WRITES [interleaved]]
 * (compiled first: run as a source file, javac would run inside the measured JVM and fill its heap)
 *
 * <p>The writes (encoder jar on the class path instead) come after all the reads, or spread evenly among
 * them with {@code interleaved}, as a service that both serves and stores images would do them.
 * A first folder with PNGs and no .sth files gives the baseline: the JDK's own PNG reader in the same loop.
 * {@code -Dbench.first=FILE.sth} reads that one file before the loop: with the PNG baseline, the floor that
 * the plugin's mere presence adds (ND4J's library, the model, one decoder and its pools, kept for the next
 * read) under the host's own image reads.
 */
public class ImageIoMemory {
    public static void main(String[] args) throws Exception {
        // The first folder holds .sth files, or only PNGs for the baseline: the JDK's own reader on the same
        // images shows what the host's heap does in any loop that reads images of this size.
        String readExt = has(Path.of(args[0]), ".sth") ? ".sth" : ".png";
        List<File> sth = list(Path.of(args[0]), readExt);
        int reads = Integer.parseInt(args[1]);
        List<File> png = args.length > 3 ? list(Path.of(args[2]), ".png") : List.of();
        int writes = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        boolean interleaved = args.length > 4 && args[4].equals("interleaved");
        Path out = Files.createTempFile("imageio-memory", ".sth");
        // [0]: the highest sample of the run; [1]: the highest since the current operation began
        String first = System.getProperty("bench.first");
        if (first != null && ImageIO.read(new File(first)) == null) throw new IllegalStateException("no reader for " + first);
        long[] sampledPeak = {0, 0};
        Thread sampler = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long rss = rssKb();
                    synchronized (sampledPeak) {
                        sampledPeak[0] = Math.max(sampledPeak[0], rss);
                        sampledPeak[1] = Math.max(sampledPeak[1], rss);
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
        long heapAtFifty = -1;
        long[] heapRange = heapRange();
        long peak = 0;
        int done = 0;
        int total = reads + writes;
        int readsDone = 0;
        int writesDone = 0;
        long largestRise = 0;
        for (int i = 0; i < total; i++) {
            long before = rssKb();
            synchronized (sampledPeak) {
                sampledPeak[1] = before;
            }
            // Interleaved: a write whenever the writes have fallen behind their share of the operations so far.
            boolean write = interleaved ? (long) (writesDone + 1) * total <= (long) (i + 1) * writes : i >= reads;
            if (!write) {
                if (ImageIO.read(sth.get(readsDone++ % sth.size())) == null) throw new IllegalStateException("no reader for " + readExt);
            } else {
                var img = ImageIO.read(png.get(writesDone++ % png.size()));
                if (!ImageIO.write(img, "sth", out.toFile())) throw new IllegalStateException("no writer for sth");
            }
            done++;
            long rss = rssKb();
            peak = Math.max(peak, rss);
            synchronized (sampledPeak) {
                // after the first 50: the first operations also load the library and build the graphs
                if (done > 50) largestRise = Math.max(largestRise, Math.max(sampledPeak[1], rss) - before);
            }
            if (done == 50) {
                atFifty = rss;
                heapAtFifty = heapResidentKb(heapRange);
            }
            if (done % 50 == 0) {
                var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                long resident = heapResidentKb(heapRange);
                System.out.printf(Locale.ROOT, "%d/%d operations, RSS %.0f MB = Java heap %.0f MB resident (committed %d MB, used %d MB) "
                                + "+ the rest %.0f MB; %d collections; %.0f ms/op%n",
                        done, total, rss / 1024.0, resident / 1024.0, heap.getCommitted() >> 20, heap.getUsed() >> 20,
                        (rss - resident) / 1024.0, collections(), (System.nanoTime() - t0) / 1e6 / done);
            }
        }
        long end = rssKb();
        long heapAtEnd = heapResidentKb(heapRange);
        sampler.interrupt();
        sampler.join();
        synchronized (sampledPeak) {
            peak = Math.max(peak, sampledPeak[0]);
        }
        Files.deleteIfExists(out);
        System.out.printf(Locale.ROOT, "RSS after 50: %.0f MB; at the end (%d reads, %d writes%s): %.0f MB; peak %.0f MB; growth after the first 50: %+.1f%%%n",
                atFifty / 1024.0, reads, writes, interleaved ? ", interleaved" : "", end / 1024.0, peak / 1024.0, 100.0 * (end - atFifty) / atFifty);
        long restFifty = atFifty - heapAtFifty;
        long restEnd = end - heapAtEnd;
        System.out.printf(Locale.ROOT, "  of which the Java heap: %.0f MB after 50, %.0f MB at the end; the rest: %.0f MB after 50, %.0f MB at the end (%+.1f%%)%n",
                heapAtFifty / 1024.0, heapAtEnd / 1024.0, restFifty / 1024.0, restEnd / 1024.0, 100.0 * (restEnd - restFifty) / restFifty);
        System.out.printf(Locale.ROOT, "  largest rise during one operation after the first 50, above the RSS just before it: %.0f MB%n", largestRise / 1024.0);
    }

    /** The Java heap's reserved address range, from the VM's own GC.heap_info ("[0x..., 0x...)"). */
    private static long[] heapRange() throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        var name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        String info = (String) server.invoke(name, "gcHeapInfo", new Object[] {null}, new String[] {String[].class.getName()});
        var m = java.util.regex.Pattern.compile("\\[0x([0-9a-f]+), 0x([0-9a-f]+)\\)").matcher(info);
        if (!m.find()) throw new IllegalStateException("no heap range in GC.heap_info: " + info);
        return new long[] {Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16)};
    }

    /** Resident kilobytes of the mappings inside the heap's range (/proc/self/smaps). */
    private static long heapResidentKb(long[] range) throws Exception {
        long kb = 0;
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                inside = start >= range[0] && start < range[1];
            } else if (inside && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    private static long collections() {
        long n = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private static boolean has(Path dir, String ext) throws Exception {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(ext));
        }
    }

    private static List<File> list(Path dir, String ext) throws Exception {
        List<File> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(ext)).sorted().forEach(p -> files.add(p.toFile()));
        }
        if (files.isEmpty()) throw new IllegalArgumentException(dir + ": no " + ext + " files");
        return files;
    }

    /** Resident kilobytes from /proc/self/statm, read without allocating: the 5 ms sampler must not fill the heap it measures. */
    private static final ThreadLocal<byte[]> STATM = ThreadLocal.withInitial(() -> new byte[128]);

    private static long rssKb() throws Exception {
        byte[] buf = STATM.get();
        int n;
        try (var in = new java.io.FileInputStream("/proc/self/statm")) {
            n = in.read(buf);
        }
        int i = 0;
        while (i < n && buf[i] != ' ') i++; // skip the size field
        long pages = 0;
        for (i++; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) pages = pages * 10 + (buf[i] - '0');
        return pages * PAGE_KB;
    }

    private static final long PAGE_KB = 4; // x86-64 Linux, the only platform the jars run on
}
