package dev.sth.decoder.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sth.decoder.TestFiles;
import dev.sth.model.NativeRuntime;

/**
 * Where ND4J's native code cannot run (another platform, no folder to unpack it into), the plugin gives
 * one IIOException that says why and what to do, ImageIO keeps reading other formats, and the CLI prints
 * one line and exits 1. Each case runs in a child JVM, since the outcome is decided once per JVM.
 */
class WhereItRunsTest {

    @TempDir
    static Path dir;
    static Path png;
    static Path sth;

    @BeforeAll
    static void files() throws IOException {
        png = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        sth = TestFiles.golden("chelsea-tiny-v1.sth");
    }

    @Test
    void anotherPlatformGetsOneClearIioExceptionAndImageIoStillReadsPng() throws Exception {
        Run r = java(List.of("-Dorg.bytedeco.javacpp.platform=macosx-arm64"), NativeProbe.class.getName(), png, sth);
        assertTrue(r.out.contains(png + ": read 7x5"), r.out);
        assertTrue(r.out.contains(sth + ": IIOException: "), r.out);
        assertTrue(r.out.contains("macosx-arm64") && r.out.contains("-Pplatform-macosx-arm64"), r.out);
        assertFalse(r.out.contains("OTHER"), r.out);
        assertFalse(r.err.contains("UnsatisfiedLinkError") || r.err.contains("\tat "), r.err);
    }

    @Test
    void anUnwritableNativeCacheIsNamedWithTheProperty() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/1")), "needs /proc (Linux) for a folder nobody can write");
        Path cache = Path.of("/proc/1/sth-native-cache");
        // JavaCPP falls back to the home folder and then the temporary folder: make all three unwritable.
        Run r = java(List.of("-D" + NativeRuntime.CACHE_PROPERTY + "=" + cache, "-Duser.home=/proc/1", "-Djava.io.tmpdir=/proc/1"),
                NativeProbe.class.getName(), png, sth);
        assertTrue(r.out.contains(png + ": read 7x5"), r.out);
        assertTrue(r.out.contains(sth + ": IIOException: ") && r.out.contains(cache.toString())
                && r.out.contains(NativeRuntime.CACHE_PROPERTY), r.out);
        assertFalse(r.out.contains("OTHER"), r.out);
    }

    @Test
    void theDecoderCliSaysSoOnOneLineAndExits1WritingNothing() throws Exception {
        Path out = dir.resolve("out.png");
        Run r = java(List.of("-Dorg.bytedeco.javacpp.platform=macosx-arm64"), "dev.sth.decoder.cli.Main",
                Path.of("-o"), out, sth);
        assertEquals(1, r.exit, r.err);
        List<String> lines = r.err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err);
        assertTrue(lines.get(0).startsWith("sth-decoder: ") && lines.get(0).contains("macosx-arm64"), r.err);
        assertFalse(Files.exists(out));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run java(List<String> jvmArgs, String main, Path... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        String models = System.getProperty("sth.model.dir");
        if (models != null) cmd.add("-Dsth.model.dir=" + models);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        for (Path a : args) cmd.add(a.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("STH_NO_RELAUNCH", "1");
        Path o = Files.createTempFile(dir, "out", ".txt");
        Path e = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(o.toFile()).redirectError(e.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(o, StandardCharsets.UTF_8), Files.readString(e, StandardCharsets.UTF_8));
    }
}
