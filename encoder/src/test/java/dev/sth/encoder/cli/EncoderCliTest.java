package dev.sth.encoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sth.cli.Cli;
import dev.sth.decoder.cli.DecoderCommand;
import dev.sth.encoder.TestSupport;
import dev.sth.format.SthFile;
import dev.sth.format.SthReader;

/** The encoder CLI, and round trips through the decoder CLI, run in this JVM. */
class EncoderCliTest {

    static String tinyModels;
    static Path levels;

    @TempDir
    Path dir;

    @BeforeAll
    static void models(@TempDir Path shared) throws IOException {
        tinyModels = TestSupport.tinyModels().toString();
        levels = TestSupport.threeLevels(Files.createDirectories(shared.resolve("levels")));
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run run(Object command, String tool, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(command, tool).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** sth-encoder with the tiny test model. */
    static Run enc(String... args) {
        return run(new EncoderCommand(), "sth-encoder",
                Stream.concat(Stream.of("--model-dir", tinyModels), Stream.of(args)).toArray(String[]::new));
    }

    /** sth-encoder with the three test levels. */
    static Run encLevels(String... args) {
        return run(new EncoderCommand(), "sth-encoder",
                Stream.concat(Stream.of("--model-dir", levels.toString()), Stream.of(args)).toArray(String[]::new));
    }

    static Run dec(Path models, String... args) {
        return run(new DecoderCommand(), "sth-decoder",
                Stream.concat(Stream.of("--model-dir", models.toString()), Stream.of(args)).toArray(String[]::new));
    }

    static Path write(BufferedImage img, Path file) throws IOException {
        String ext = file.getFileName().toString().replaceAll(".*\\.", "");
        Iterator<ImageWriter> it = ImageIO.getImageWritersBySuffix(ext);
        assertTrue(it.hasNext(), "no writer for " + ext);
        ImageWriter w = it.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            w.setOutput(out);
            w.write(img);
        } finally {
            w.dispose();
        }
        return file;
    }

    // ---- inputs ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "tif", "ppm", "gif"})
    void everyInputFormatRoundTrips(String ext) throws Exception {
        BufferedImage src = TestSupport.picture(37, 29);
        Path in = write(src, dir.resolve("pic." + ext));
        Run e = enc(in.toString());
        assertEquals(0, e.code(), e.toString());
        assertTrue(e.err().contains("pic.sth: test level 1, "), e.toString());
        Path sth = dir.resolve("pic.sth");
        SthFile f = SthReader.read(Files.readAllBytes(sth));
        assertEquals(37, f.header().image().width());
        assertEquals(3, f.header().image().channels());

        Run d = dec(TestSupport.tinyModels(), "-o", dir.resolve("back.png").toString(), sth.toString());
        assertEquals(0, d.code(), d.toString());
        BufferedImage back = ImageIO.read(dir.resolve("back.png").toFile());
        assertEquals(37, back.getWidth());
        assertEquals(29, back.getHeight());
        double psnr = TestSupport.psnr(src, back);
        assertTrue(psnr > 15, ext + ": PSNR " + psnr + " dB: not the same picture");
    }

    @Test
    void grayStaysGray() throws Exception {
        BufferedImage gray = new BufferedImage(21, 11, BufferedImage.TYPE_BYTE_GRAY);
        gray.createGraphics().drawImage(TestSupport.picture(21, 11), 0, 0, null);
        Path in = write(gray, dir.resolve("gray.png"));
        assertEquals(0, enc(in.toString()).code());
        SthFile f = SthReader.read(Files.readAllBytes(dir.resolve("gray.sth")));
        assertEquals(1, f.header().image().channels());
        assertEquals(0, dec(TestSupport.tinyModels(), dir.resolve("gray.sth").toString(), "-o", dir.resolve("g.png").toString()).code());
        BufferedImage back = ImageIO.read(dir.resolve("g.png").toFile());
        assertEquals(1, back.getRaster().getNumBands());
    }

    @Test
    void paletteInputIsCodedAsRgb() throws Exception {
        Path in = Files.copy(TestSupport.testdata().resolve("palette_color.png"), dir.resolve("pal.png"));
        Run r = enc(in.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(3, SthReader.read(Files.readAllBytes(dir.resolve("pal.sth"))).header().image().channels());
    }

    @Test
    void sixteenBitIsRoundedWithAWarning() throws Exception {
        BufferedImage g16 = new BufferedImage(13, 7, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 7; y++) for (int x = 0; x < 13; x++) g16.getRaster().setSample(x, y, 0, x * 5000 + y * 300);
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(13, 7);
        for (int y = 0; y < 7; y++) for (int x = 0; x < 13; x++) r.setPixel(x, y, new int[] {x * 5000, y * 9000, 30000});
        Path gray = write(g16, dir.resolve("g16.png"));
        Path rgb = write(new BufferedImage(cm, r, false, null), dir.resolve("rgb16.png"));
        Run run = enc(gray.toString(), rgb.toString());
        assertEquals(0, run.code(), run.toString());
        assertEquals(2, run.err().lines().filter(l -> l.contains("warning") && l.contains("16-bit samples rounded")).count(),
                run.toString());
        SthFile g = SthReader.read(Files.readAllBytes(dir.resolve("g16.sth")));
        assertEquals(16, g.header().image().bitDepth());
        assertEquals(1, g.header().image().channels());
        SthFile c = SthReader.read(Files.readAllBytes(dir.resolve("rgb16.sth")));
        assertEquals(16, c.header().image().bitDepth());
        assertEquals(3, c.header().image().channels());
        assertTrue(enc("--quiet", "-f", gray.toString()).err().isEmpty(), "--quiet silences warnings");
    }

    @Test
    void alphaIsCarriedLosslessly() throws Exception {
        BufferedImage argb = new BufferedImage(19, 9, BufferedImage.TYPE_INT_ARGB);
        BufferedImage pic = TestSupport.picture(19, 9);
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 19; x++) argb.setRGB(x, y, ((x * 13 + y * 7) & 0xFF) << 24 | pic.getRGB(x, y) & 0xFFFFFF);
        Path in = write(argb, dir.resolve("alpha.png"));
        assertEquals(0, enc(in.toString()).code());
        SthFile f = SthReader.read(Files.readAllBytes(dir.resolve("alpha.sth")));
        assertEquals(4, f.header().image().channels());
        assertEquals("alph", f.ancillary().get(0).type());
        Run refused = dec(TestSupport.tinyModels(), dir.resolve("alpha.sth").toString()); // alpha.png is the input
        assertEquals(1, refused.code(), refused.toString());
        assertEquals(argb.getRGB(3, 3), ImageIO.read(dir.resolve("alpha.png").toFile()).getRGB(3, 3), "input untouched");
        Run d = dec(TestSupport.tinyModels(), "-o", dir.resolve("alpha-back.png").toString(), dir.resolve("alpha.sth").toString());
        assertEquals(0, d.code(), d.toString());
        BufferedImage dec = ImageIO.read(dir.resolve("alpha-back.png").toFile());
        for (int y = 0; y < 9; y++)
            for (int x = 0; x < 19; x++) assertEquals(argb.getRGB(x, y) >>> 24, dec.getRGB(x, y) >>> 24, "alpha at " + x + "," + y);
    }

    @Test
    void anySizeWorks() throws Exception {
        for (int[] s : new int[][] {{1, 1}, {13, 7}, {7, 13}, {1, 30}, {9, 8}}) {
            Path in = write(TestSupport.picture(s[0], s[1]), dir.resolve("s" + s[0] + "x" + s[1] + ".png"));
            Run r = enc(in.toString());
            assertEquals(0, r.code(), r.toString());
            Path sth = dir.resolve("s" + s[0] + "x" + s[1] + ".sth");
            Path back = dir.resolve("b" + s[0] + "x" + s[1] + ".png");
            assertEquals(0, dec(TestSupport.tinyModels(), "-o", back.toString(), sth.toString()).code());
            BufferedImage b = ImageIO.read(back.toFile());
            assertEquals(s[0], b.getWidth());
            assertEquals(s[1], b.getHeight());
        }
    }

    // ---- batches, failures and safety ------------------------------------------------------------

    @Test
    void severalInputsGoToTheOutputDirectory() throws Exception {
        Path a = write(TestSupport.picture(16, 16), dir.resolve("a.png"));
        Path b = write(TestSupport.picture(9, 5), dir.resolve("b.jpg"));
        Path c = write(TestSupport.picture(3, 3), dir.resolve("c.bmp"));
        Path out = dir.resolve("out/nested");
        Run r = enc("-d", out.toString(), a.toString(), b.toString(), c.toString());
        assertEquals(0, r.code(), r.toString());
        assertFiles(out, "a.sth", "b.sth", "c.sth");
        assertEquals(3, r.err().lines().count(), "one status line per file\n" + r);
    }

    @Test
    void failuresAreOneLineEachAndTheBatchGoesOn() throws Exception {
        Path good = write(TestSupport.picture(16, 16), dir.resolve("good.png"));
        Path corrupt = Files.write(dir.resolve("corrupt.png"), java.util.Arrays.copyOf(Files.readAllBytes(good), 60));
        Path text = Files.writeString(dir.resolve("notes.txt"), "not an image");
        Path missing = dir.resolve("missing.png");
        Path out = dir.resolve("out");
        Run r = enc("-d", out.toString(), corrupt.toString(), text.toString(), missing.toString(), good.toString());
        assertEquals(1, r.code(), r.toString());
        List<String> errors = r.err().lines().filter(l -> !l.contains(" -> ")).toList();
        assertEquals(3, errors.size(), r.toString());
        assertTrue(errors.get(0).startsWith("sth-encoder: " + corrupt + ": "), errors.get(0));
        assertEquals("sth-encoder: " + text + ": not an image this encoder reads (PNG, JPEG, BMP, TIFF, PNM, GIF)", errors.get(1));
        assertEquals("sth-encoder: " + missing + ": no such file", errors.get(2));
        assertFiles(out, "good.sth"); // nothing partial, no temporary files
    }

    @Test
    void neverOverwritesWithoutForceAndNeverTheInput() throws Exception {
        Path in = write(TestSupport.picture(16, 16), dir.resolve("x.png"));
        Path out = Files.writeString(dir.resolve("x.sth"), "precious");
        Run r = enc(in.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals("sth-encoder: " + in + ": output exists (use -f to overwrite)" + System.lineSeparator(), r.err());
        assertEquals("precious", Files.readString(out));
        Run f = enc("-f", in.toString());
        assertEquals(0, f.code(), f.toString());
        assertEquals(16, SthReader.read(Files.readAllBytes(out)).header().image().width());

        Path sthIn = Files.copy(out, dir.resolve("y.sth"));
        Run self = enc("-f", "-o", sthIn.toString(), sthIn.toString());
        assertEquals(1, self.code(), self.toString());
        assertTrue(self.err().contains("would overwrite the input"), self.toString());
        assertFiles(dir, "x.png", "x.sth", "y.sth");
    }

    @Test
    void inputsAreNotModified() throws Exception {
        Path png = write(TestSupport.picture(16, 16), dir.resolve("in.png"));
        Path jpg = Files.copy(TestSupport.testdata().resolve("rocket.jpg"), dir.resolve("rocket.jpg"));
        String h1 = TestSupport.sha256(png);
        String h2 = TestSupport.sha256(jpg);
        long t1 = Files.getLastModifiedTime(png).toMillis();
        Run r = enc("-d", dir.resolve("o").toString(), png.toString(), jpg.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(h1, TestSupport.sha256(png));
        assertEquals(h2, TestSupport.sha256(jpg));
        assertEquals(t1, Files.getLastModifiedTime(png).toMillis());
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws Exception {
        Path in = write(TestSupport.picture(16, 16), dir.resolve("u.png"));
        Run[] runs = {
                enc("--bogus", in.toString()),
                enc(),
                enc("-o", dir.resolve("a.sth").toString(), in.toString(), in.toString()),
                enc("-o", dir.resolve("a.sth").toString(), "-d", dir.toString(), in.toString()),
                enc("-q", "7", in.toString()),
                enc("--tune", "ms-ssim", in.toString()),
                enc("-q", "1", "--size", "100", in.toString()),
                enc("--bpp", "-1", in.toString()),
                enc("-q", "x", in.toString()),
                run(new EncoderCommand(), "sth-encoder", "--model-dir", dir.resolve("none").toString(), in.toString()),
        };
        for (Run r : runs) {
            assertEquals(2, r.code(), r.toString());
            assertEquals(1, r.err().lines().count(), r.toString());
            assertTrue(r.err().startsWith("sth-encoder: "), r.toString());
        }
        assertFiles(dir, "u.png");
        assertTrue(runs[4].err().contains("no level 7 in family test; levels: 1"), runs[4].toString());
    }

    @Test
    void helpListsExitCodesAndHidesAdvancedOptions() {
        Run h = enc("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("Exit codes:") && h.out().contains("--size") && h.out().contains("--tune"), h.out());
        assertFalse(h.out().contains("--model-dir"));
        Run v = enc("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("sth-encoder "), v.out());
    }

    // ---- levels -----------------------------------------------------------------------------------

    @Test
    void listShowsEveryLevelWithKodakResultsOrNa() {
        Run r = encLevels("--list");
        assertEquals(0, r.code(), r.toString());
        List<String> rows = r.out().lines().filter(l -> !l.startsWith("#")).map(String::strip).toList();
        assertEquals(3, rows.size(), r.out());
        assertTrue(rows.get(0).matches("psnr\\s+1\\s+n/a\\s+n/a\\s+t-psnr-1"), rows.get(0));
        assertTrue(rows.get(2).matches("psnr\\s+3\\s+0\\.512\\s+24\\.10 dB\\s+t-psnr-3"), rows.get(2));
    }

    @Test
    void qualityPicksTheLevelAndTheDefaultIsTheMiddle() throws Exception {
        Path in = write(TestSupport.picture(128, 96), dir.resolve("q.png"));
        long[] size = new long[4];
        for (int q = 1; q <= 3; q++) {
            Run r = encLevels("-f", "-q", Integer.toString(q), "-o", dir.resolve("q" + q + ".sth").toString(), in.toString());
            assertEquals(0, r.code(), r.toString());
            SthFile f = SthReader.read(Files.readAllBytes(dir.resolve("q" + q + ".sth")));
            assertEquals("t-psnr-" + q, f.header().model().name());
            size[q] = Files.size(dir.resolve("q" + q + ".sth"));
        }
        assertTrue(size[1] < size[2] && size[2] < size[3], java.util.Arrays.toString(size));
        Run d = encLevels(in.toString());
        assertEquals(0, d.code(), d.toString());
        assertEquals("t-psnr-2", SthReader.read(Files.readAllBytes(dir.resolve("q.sth"))).header().model().name());
    }

    @Test
    void sizeAndBppPickTheBestLevelThatFits() throws Exception {
        Path in = write(TestSupport.picture(128, 96), dir.resolve("s.png"));
        long[] size = new long[4];
        for (int q = 1; q <= 3; q++) {
            encLevels("-q", Integer.toString(q), "-o", dir.resolve("ref" + q + ".sth").toString(), in.toString());
            size[q] = Files.size(dir.resolve("ref" + q + ".sth"));
        }
        Run mid = encLevels("--size", Long.toString(size[2]), "-o", dir.resolve("mid.sth").toString(), in.toString());
        assertEquals(0, mid.code(), mid.toString());
        assertEquals(size[2], Files.size(dir.resolve("mid.sth")));
        Run big = encLevels("--size", "1000000", "-o", dir.resolve("big.sth").toString(), in.toString());
        assertEquals(size[3], Files.size(dir.resolve("big.sth")), big.toString());
        double bpp = 8.0 * (size[2] + 1) / (128 * 96);
        Run b = encLevels("--bpp", Double.toString(bpp), "-o", dir.resolve("bpp.sth").toString(), in.toString());
        assertEquals(size[2], Files.size(dir.resolve("bpp.sth")), b.toString());

        Run none = encLevels("--size", "10", "-o", dir.resolve("none.sth").toString(), in.toString());
        assertEquals(0, none.code(), "documented: the lowest level is written, with a warning\n" + none);
        assertEquals(size[1], Files.size(dir.resolve("none.sth")));
        assertTrue(none.err().contains("warning") && none.err().contains("more than the 10 asked for"), none.toString());
    }

    static void assertFiles(Path dir, String... names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertArrayEquals(Stream.of(names).sorted().toArray(), s.map(p -> p.getFileName().toString()).sorted().toArray(),
                    "files in " + dir);
        }
    }

    @org.junit.jupiter.api.Test
    void anInvalidEffortIsAUsageErrorThatWritesNothing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path in = write(dev.sth.encoder.TestSupport.picture(40, 24), dir.resolve("p.png"));
        for (String effort : new String[] {"0", "10", "x"}) {
            Run r = enc("-e", effort, in.toString());
            assertEquals(2, r.code(), r.toString());
            assertTrue(!java.nio.file.Files.exists(dir.resolve("p.sth")), "effort " + effort + " wrote a file");
        }
        Run ok = enc("--effort", "3", in.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.err().contains("refining"), "effort > 1 shows progress: " + ok.err());
        assertTrue(java.nio.file.Files.size(dir.resolve("p.sth")) > 0);
    }
}
