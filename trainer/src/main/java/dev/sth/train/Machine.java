package dev.sth.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a run trains on, read when it starts (for the run's record and the model's manifest). */
public final class Machine {

    private Machine() {
    }

    /** E.g. "AMD EPYC 9R14, 2 cores, 24 GiB, Linux amd64, OpenJDK 17.0.15". */
    public static String describe() {
        String cpu = cpuModel();
        long memory = 0;
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return String.format(Locale.ROOT, "%s, %d cores, %d GiB, %s %s, %s %s", cpu,
                Runtime.getRuntime().availableProcessors(), Math.round(memory / (double) (1L << 30)),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return "CPU model unknown";
    }
}
