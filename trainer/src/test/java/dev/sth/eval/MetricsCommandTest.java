package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code metrics} only parses: its options reach {@link CodecPoint} (tested in {@link CodecPointTest}). */
class MetricsCommandTest {

    @Test
    void optionsReachTheCodecPoint(@TempDir Path dir) throws Exception {
        Path orig = Files.createDirectories(dir.resolve("orig"));
        Path dec = Files.createDirectories(dir.resolve("dec"));
        Path enc = Files.createDirectories(dir.resolve("enc"));
        BufferedImage a = CodecPointTest.noise(200, 180, 1);
        ImageIO.write(a, "png", orig.resolve("im0.png").toFile());
        ImageIO.write(CodecPointTest.perturb(a, 3), "bmp", dec.resolve("im0.bmp").toFile());
        // --limit 1: the second original (with no decoded image) is not measured
        ImageIO.write(CodecPointTest.noise(20, 20, 2), "png", orig.resolve("im1.png").toFile());
        Files.write(enc.resolve("im0.xyz"), new byte[1000]);
        // --compressed-ext picks one of two files with the base name
        Files.write(enc.resolve("im0.other"), new byte[5]);
        Path out = dir.resolve("curve.json");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(printed));
        int code;
        try {
            code = new CommandLine(new MetricsCommand()).execute("--originals", orig.toString(), "--decoded", dec.toString(),
                    "--compressed", enc.toString(), "--compressed-ext", "xyz", "--out", out.toString(), "--name", "test codec",
                    "--description", "d", "--param", "q=9", "--encoding-time", "0.5", "--decoding-time", "0.25",
                    "--csv", dir.resolve("c.csv").toString(), "--limit", "1");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, code);
        RdCurve c = RdCurve.read(out);
        assertEquals("test codec", c.name());
        assertEquals("d", c.description());
        assertEquals(List.of(1000 * 8.0 / (200 * 180)), c.get(RdCurve.BPP));
        assertEquals(List.of(9.0), c.get("q"));
        assertEquals(List.of(0.5), c.get(RdCurve.ENCODING_TIME));
        assertEquals(List.of(0.25), c.get(RdCurve.DECODING_TIME));
        assertEquals(2, Files.readAllLines(dir.resolve("c.csv")).size());
        assertTrue(printed.toString().startsWith("test codec q=9: 1 images, bpp "), printed.toString());
    }
}
