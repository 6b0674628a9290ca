package dev.sth.decoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sth.decoder.TestFiles;
import dev.sth.format.SthFile;
import dev.sth.format.SthHeader;
import dev.sth.model.ModelBundle;

class DecoderCliTest {

    static ModelBundle tiny;
    static String models;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        tiny = TestFiles.tiny();
        models = TestFiles.tinyModels().toString();
    }

    private Path golden() throws IOException {
        Path p = dir.resolve("chelsea.sth");
        Files.copy(TestFiles.golden("chelsea-tiny-v1.sth"), p);
        return p;
    }

    private CliRun dec(String... args) {
        String[] all = Stream.concat(Stream.of("--model-dir", models), Stream.of(args)).toArray(String[]::new);
        return CliRun.decoder(all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "bmp", "tiff", "jpg", "gif", "ppm"})
    void decodesToTheFormatOfTheExtension(String ext) throws Exception {
        Path in = golden();
        Path out = dir.resolve("out." + ext);
        CliRun r = dec("-o", out.toString(), in.toString());
        assertEquals(0, r.code(), r.toString());
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(451, img.getWidth(), ext);
        assertEquals(300, img.getHeight(), ext);
        assertTrue(r.err().contains(" -> "), r.toString());
    }

    @Test
    void defaultOutputIsAPngBesideTheInput() throws Exception {
        Path in = golden();
        CliRun r = dec("--quiet", in.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(Files.exists(dir.resolve("chelsea.png")));
    }

    @Test
    void grayAndAlphaComeBackAsTheyWent() throws Exception {
        Path gray = TestFiles.write(dir, "gray.sth", TestFiles.synthetic(tiny, 13, 7, 1, 3));
        Path rgba = TestFiles.write(dir, "rgba.sth", TestFiles.synthetic(tiny, 13, 7, 4, 4));
        CliRun r = dec("-d", dir.resolve("out").toString(), gray.toString(), rgba.toString());
        assertEquals(0, r.code(), r.toString());
        BufferedImage g = ImageIO.read(dir.resolve("out/gray.png").toFile());
        assertEquals(1, g.getRaster().getNumBands());
        BufferedImage a = ImageIO.read(dir.resolve("out/rgba.png").toFile());
        assertTrue(a.getColorModel().hasAlpha());
        byte[] alpha = TestFiles.alphaRamp(13, 7);
        for (int y = 0; y < 7; y++)
            for (int x = 0; x < 13; x++) assertEquals(alpha[y * 13 + x] & 0xFF, a.getRGB(x, y) >>> 24);
        // A format without alpha: written opaque, with a warning.
        CliRun jpg = dec("-o", dir.resolve("rgba.jpg").toString(), rgba.toString());
        assertEquals(0, jpg.code(), jpg.toString());
        assertTrue(jpg.err().contains("alpha dropped"), jpg.toString());
    }

    @Test
    void info() throws Exception {
        Path in = golden();
        CliRun r = dec("--info", in.toString());
        assertEquals(0, r.code(), r.toString());
        String o = r.out();
        for (String s : List.of("format:", ".sth version 1.0", "451 x 300", "3 (RGB)", "8 bits per sample", "tiny-test",
                tiny.id().sha256Hex(), "family test, level 1", "Kodak: n/a", "C = 8 channels", "L = 6 centers",
                "8x38x57", "context model 1 (neighbours)", "increment 32", "payload:", "ancillary:")) {
            assertTrue(o.contains(s), "missing '" + s + "' in\n" + o);
        }
        assertTrue(o.lines().anyMatch(l -> l.matches("\\s*ancillary:\\s+none")), o);
        assertFalse(Files.exists(dir.resolve("chelsea.png")), "--info decodes nothing");
    }

    @Test
    void brokenFileFailsWithOneLineNamingItAndTheBatchGoesOn() throws Exception {
        Path good = golden();
        byte[] bytes = Files.readAllBytes(good);
        bytes[40] ^= 0x55; // inside the header fields: the header CRC no longer matches
        Path broken = Files.write(dir.resolve("broken.sth"), bytes);
        Path missing = dir.resolve("missing.sth");
        CliRun r = dec("-d", dir.resolve("out").toString(), broken.toString(), missing.toString(), good.toString());
        assertEquals(1, r.code(), r.toString());
        List<String> errors = r.err().lines().filter(l -> !l.contains(" -> ")).toList();
        assertEquals(2, errors.size(), r.toString());
        assertTrue(errors.get(0).startsWith("sth-decoder: " + broken + ": at byte offset "), errors.get(0));
        assertTrue(errors.get(0).contains("header CRC32C mismatch"), errors.get(0));
        assertTrue(errors.get(1).startsWith("sth-decoder: " + missing + ": no such file"), errors.get(1));
        assertTrue(Files.exists(dir.resolve("out/chelsea.png")), "the good file is still decoded");
        assertFalse(Files.exists(dir.resolve("out/broken.png")));
        assertOnlyFiles(dir.resolve("out"), "chelsea.png"); // no partial or temporary outputs
    }

    @Test
    void truncatedAndForeignFilesSayWhy() throws Exception {
        byte[] bytes = Files.readAllBytes(golden());
        Path cut = Files.write(dir.resolve("cut.sth"), java.util.Arrays.copyOf(bytes, bytes.length - 30));
        Path png = Files.copy(TestFiles.testdata().resolve("palette_color.png"), dir.resolve("notsth.sth"));
        CliRun r = dec("-d", dir.resolve("out").toString(), cut.toString(), png.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(2, r.err().lines().count(), r.toString());
        assertTrue(r.err().contains("sth-decoder: " + cut + ": at byte offset"), r.toString());
        assertTrue(r.err().contains("sth-decoder: " + png + ": at byte offset 1: not an .sth file"), r.toString());
    }

    @Test
    void fileOfAnotherModelIsRefused() throws Exception {
        SthFile f = TestFiles.synthetic(tiny, 16, 16, 3, 1);
        dev.sth.format.SthHeader h = f.header();
        byte[] hash = h.model().sha256();
        hash[0] ^= 1;
        SthFile other = new SthFile(new dev.sth.format.SthHeader(h.image(), new dev.sth.format.ModelId("tiny-test", hash),
                h.latent(), h.coder()), f.payload());
        Path p = TestFiles.write(dir, "other.sth", other);
        CliRun r = dec(p.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("sth-decoder: " + p + ": at byte offset 22: file was coded with model 'tiny-test' sha256 "),
                r.toString());
        assertFalse(Files.exists(dir.resolve("other.png")));
    }

    @Test
    void neverOverwritesWithoutForce() throws Exception {
        Path in = golden();
        Path out = dir.resolve("chelsea.png");
        Files.writeString(out, "precious");
        CliRun r = dec(in.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("output exists (use -f to overwrite)"), r.toString());
        assertEquals("precious", Files.readString(out));
        CliRun forced = dec("-f", in.toString());
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(451, ImageIO.read(out.toFile()).getWidth());
        assertOnlyFiles(dir, "chelsea.sth", "chelsea.png");
    }

    @Test
    void outputIntoAMissingFolderSaysSo() throws Exception {
        Path in = golden();
        Path out = dir.resolve("no/such/folder/x.png");
        CliRun r = dec("-o", out.toString(), in.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("sth-decoder: " + in + ": output folder ") && r.err().contains("does not exist"), r.toString());
    }

    @Test
    void inputsAreNotModified() throws Exception {
        Path in = golden();
        String before = TestFiles.sha256(in);
        long modified = Files.getLastModifiedTime(in).toMillis();
        assertEquals(0, dec(in.toString()).code());
        assertEquals(0, dec("--info", in.toString()).code());
        assertEquals(before, TestFiles.sha256(in));
        assertEquals(modified, Files.getLastModifiedTime(in).toMillis());
    }

    @Test
    void badUsageExitsTwoAndDoesNothing() throws Exception {
        Path in = golden();
        Path second = Files.copy(in, dir.resolve("second.sth"));
        CliRun[] runs = {
                dec("--no-such-option", in.toString()),
                dec(),
                dec("-o", dir.resolve("a.png").toString(), in.toString(), second.toString()),
                dec("-o", dir.resolve("a.xyz").toString(), in.toString()),
                dec("-o", dir.resolve("noext").toString(), in.toString()),
                dec("-o", dir.resolve("a.png").toString(), "-d", dir.toString(), in.toString()),
                dec("--format", "xyz", in.toString()),
                CliRun.decoder("--model-dir", dir.resolve("nope").toString(), in.toString()),
        };
        for (CliRun r : runs) {
            assertEquals(2, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().startsWith("sth-decoder: "), r.toString());
        }
        assertOnlyFiles(dir, "chelsea.sth", "second.sth");
    }

    @Test
    void helpAndVersion() {
        CliRun h = CliRun.decoder("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("Exit codes:") && h.out().contains("--info"), h.out());
        assertFalse(h.out().contains("--model-dir"), "advanced option stays hidden");
        CliRun v = CliRun.decoder("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("sth-decoder "), v.out());
    }

    @Test
    void severalInputsToADirectory() throws Exception {
        Path a = TestFiles.write(dir, "a.sth", TestFiles.synthetic(tiny, 9, 9, 3, 1));
        Path b = TestFiles.write(dir, "b.sth", TestFiles.synthetic(tiny, 1, 1, 3, 2));
        Path c = TestFiles.write(dir, "c.sth", TestFiles.synthetic(tiny, 13, 7, 3, 3));
        Path out = dir.resolve("out");
        CliRun r = dec("-d", out.toString(), "--format", "bmp", a.toString(), b.toString(), c.toString());
        assertEquals(0, r.code(), r.toString());
        assertOnlyFiles(out, "a.bmp", "b.bmp", "c.bmp");
        assertEquals(1, ImageIO.read(out.resolve("b.bmp").toFile()).getWidth());
        assertEquals(7, ImageIO.read(out.resolve("c.bmp").toFile()).getHeight());
    }

    static void assertOnlyFiles(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertArrayEquals(Stream.of(names).sorted().toArray(), s.map(p -> p.getFileName().toString()).sorted().toArray(),
                    "files in " + dir);
        }
    }
}
