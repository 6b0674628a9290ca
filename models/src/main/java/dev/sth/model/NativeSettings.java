package dev.sth.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * ND4J is ~10× slower here without passive OpenMP waiting and tamed glibc malloc (nd4j.md), and
 * both must be in the environment before the JVM starts. A user who types only {@code java -jar}
 * has neither, so the command-line tools re-run themselves once with them set.
 * {@code STH_NO_RELAUNCH=1} turns this off.
 */
public final class NativeSettings {

    public static final Map<String, String> ENVIRONMENT = Map.of(
            "OMP_WAIT_POLICY", "PASSIVE",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "68719476736",
            "MALLOC_TOP_PAD_", "268435456");

    private static final String MARK = "STH_RELAUNCHED";

    private NativeSettings() {
    }

    /** True when every setting is already in this process's environment. */
    public static boolean active() {
        Map<String, String> env = System.getenv();
        return ENVIRONMENT.keySet().stream().allMatch(env::containsKey);
    }

    /**
     * Runs {@code main} again in a child JVM with the settings, same JVM options and class path,
     * and returns its exit code; empty when this process should just go on.
     */
    public static OptionalInt relaunchIfNeeded(Class<?> main, String[] args) {
        Map<String, String> env = System.getenv();
        if (active() || env.containsKey(MARK) || "1".equals(env.get("STH_NO_RELAUNCH"))) return OptionalInt.empty();
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty()) return OptionalInt.empty();
        List<String> cmd = new ArrayList<>();
        cmd.add(java.get());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(ENVIRONMENT);
        pb.environment().put(MARK, "1");
        try {
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            return OptionalInt.of(p.waitFor());
        } catch (IOException e) {
            return OptionalInt.empty(); // cannot fork: run here, just slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(130);
        }
    }
}
