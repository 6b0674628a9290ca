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
        long bytes = Long.parseLong(f[5]);
        assertEquals(bytes * 8.0 / (451 * 300), c.get(RdCurve.BPP).get(0), 1e-9, "bpp must be the real file size");
        assertTrue(c.get(RdCurve.PSNR).get(0) > 15, "tiny model should still reach 15 dB");
        assertTrue(Files.size(dir.resolve("rd.png")) > 1000);
        assertEquals(1, RdCurve.read(dir.resolve("r.jpeg-imageio.json")).size());
    }
}
