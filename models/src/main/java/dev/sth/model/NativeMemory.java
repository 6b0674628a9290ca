package dev.sth.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Hands native memory that ND4J has freed back to the operating system after each image. ND4J and
 * oneDNN free their per-layer buffers with glibc's {@code free}, which keeps them in its arenas (its
 * mmap threshold rises after the first large free), so a long-running process grew with the largest
 * image it had seen and with fragmentation. {@code malloc_trim(0)} returns the free pages without
 * changing any allocator setting; it costs about a millisecond. Only on Linux with glibc; elsewhere,
 * or with {@value #PROPERTY}{@code =false}, nothing is done.
 */
public final class NativeMemory {

    /** System property: {@code false} turns the trimming off. */
    public static final String PROPERTY = "sth.native.trim";

    private interface LibC extends Library {
        int malloc_trim(long pad);
    }

    private static final LibC LIBC = load();

    private NativeMemory() {
    }

    /** Returns free native memory to the OS, where the platform allows; never throws. */
    public static void release() {
        if (LIBC == null) return;
        try {
            LIBC.malloc_trim(0);
        } catch (RuntimeException | LinkageError e) {
            // Not glibc after all: nothing to release.
        }
    }

    /** Whether {@link #release} does anything here. */
    public static boolean active() {
        return LIBC != null;
    }

    private static LibC load() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return null;
        if (!System.getProperty("os.name", "").startsWith("Linux")) return null;
        try {
            return (LibC) Native.loadLibrary("c", LibC.class);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
