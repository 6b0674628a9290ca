package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Handing freed native memory back works where the jars are built for (Linux, glibc), and never throws. */
class NativeMemoryTest {

    @Test
    void trimmingIsActiveOnLinuxWithGlibcAndReleaseReturns() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && Files.exists(Path.of("/lib/x86_64-linux-gnu/libc.so.6")),
                "glibc on x86-64 Linux only");
        assertTrue(NativeMemory.active(), "malloc_trim should be found in glibc");
        assertDoesNotThrow(NativeMemory::release);
    }
}
