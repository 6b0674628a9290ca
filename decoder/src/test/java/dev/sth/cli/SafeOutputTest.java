package dev.sth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeOutputTest {

    @TempDir
    Path dir;

    @Test
    void writesWhole() throws IOException {
        Path t = dir.resolve("a.bin");
        SafeOutput.write(t, false, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(t));
        assertEquals(1, count());
    }

    @Test
    void failureMidWriteLeavesNothing() throws IOException {
        Path t = dir.resolve("b.bin");
        IOException e = assertThrows(IOException.class, () -> SafeOutput.write(t, false, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(0, count(), "no output and no temporary file");
        assertThrows(IllegalStateException.class, () -> SafeOutput.write(t, true, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(0, count());
    }

    @Test
    void aTargetThatAppearsWhileWritingSurvivesWithoutForce() throws IOException {
        Path t = dir.resolve("c.bin");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> SafeOutput.write(t, false, out -> {
            Files.writeString(t, "someone else's");
            out.write(42);
        }));
        assertTrue(Cli.reason(e).contains("output exists"), Cli.reason(e));
        assertEquals("someone else's", Files.readString(t));
        assertEquals(1, count(), "the temporary file is gone");
    }

    @Test
    void forceReplaces() throws IOException {
        Path t = Files.writeString(dir.resolve("d.bin"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> SafeOutput.write(t, false, out -> out.write(1)));
        SafeOutput.write(t, true, out -> out.write('n'));
        assertEquals("n", Files.readString(t));
    }

    private long count() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
