package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** eval goes through real files: its bpp equals the bytes the encoder writes. */
class EvalCommandTest {

    @Test
    void writesCompressAiJsonAndPerImageCsvFromRealFiles(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        Files.copy(Path.of("../testdata/chelsea.png"), images.resolve("chelsea.png"));
        Path out = dir.resolve("r.json");
        int code = new CommandLine(new EvalCommand()).execute("--dataset", images.toString(), "--models",
                "../testdata/models", "--tune", "test", "--out", out.toString(), "--plot", dir.resolve("rd.png").toString(),
                "--jpeg-qualities", "50");
        assertEquals(0, code);
        RdCurve c = RdCurve.read(out);
        assertEquals("sth-test", c.name());
        for (String k : List.of(RdCurve.BPP, RdCurve.PSNR, RdCurve.MS_SSIM, RdCurve.MS_SSIM_DB, RdCurve.ENCODING_TIME,
                RdCurve.DECODING_TIME)) {
            assertEquals(1, c.get(k).size(), k);
        }
        List<String> rows = Files.readAllLines(dir.resolve("r.csv"));
        String[] f = rows.get(1).split(",");
        assertEquals("chelsea.png", f[2]);
        // The same image through the encoder, written to a file: eval's bytes and bpp are that file's size.
        dev.sth.model.ModelBundle tiny = dev.sth.model.ModelBundle.load(Path.of("../testdata/models/tiny-test"), true);
        java.awt.image.BufferedImage rgb = Images.readRgb(images.resolve("chelsea.png"));
        Path file = dir.resolve("chelsea.sth");
        Files.write(file, dev.sth.format.SthWriter.toBytes(new dev.sth.encoder.SthEncoder(tiny)
                .encode(rgb, new dev.sth.format.ImageInfo(451, 300, 3, 8))));
        assertEquals(Files.size(file), Long.parseLong(f[5]), "eval's byte count is the written file's size");
        assertEquals(Files.size(file) * 8.0 / (451 * 300), c.get(RdCurve.BPP).get(0), 1e-9, "bpp must be the real file size");
        assertTrue(c.get(RdCurve.PSNR).get(0) > 15, "tiny model should still reach 15 dB");
        assertTrue(Files.size(dir.resolve("rd.png")) > 1000);
        assertEquals(1, RdCurve.read(dir.resolve("r.jpeg-imageio.json")).size());
    }

    @Test
    void resumeKeepsTheRowsAnInterruptedRunLeftAndMeasuresTheRest(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        Files.copy(Path.of("../testdata/chelsea.png"), images.resolve("a.png"));
        Files.copy(Path.of("../testdata/chelsea.png"), images.resolve("b.png"));
        Path out = dir.resolve("r.json");
        String[] args = {"--dataset", images.toString(), "--models", "../testdata/models", "--tune", "test", "--no-jpeg",
                "--out", out.toString(), "--resume"};
        assertEquals(0, new CommandLine(new EvalCommand()).execute(args));
        double measured = RdCurve.read(out).get(RdCurve.BPP).get(0);
        List<String> rows = Files.readAllLines(dir.resolve("r.csv"));
        assertEquals(3, rows.size());
        // As if interrupted after a.png, with a.png's bpp marked: the resumed run must keep that row, not re-measure it.
        String[] f = rows.get(1).split(",");
        assertEquals("a.png", f[2]);
        f[6] = "1.00000";
        Files.write(dir.resolve("r.csv"), List.of(rows.get(0), String.join(",", f)));
        Files.delete(out);
        assertEquals(0, new CommandLine(new EvalCommand()).execute(args));
        List<String> resumed = Files.readAllLines(dir.resolve("r.csv"));
        assertEquals(3, resumed.size());
        assertEquals(String.join(",", f), resumed.get(1));
        assertEquals((1.0 + measured) / 2, RdCurve.read(out).get(RdCurve.BPP).get(0), 1e-4, "the kept row counts, b.png is measured");
    }
}
