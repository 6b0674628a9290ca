package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CompressionReport}: the {@code compression-report} command's table and plot. */
class CompressionReportTest {

    private static final Path MODELS = Path.of("../testdata/models");

    /** A family folder: two levels (copies of {@code model}) and its eval JSON. */
    private static Path family(Path dir, String model, double[][] points) throws IOException {
        Files.createDirectories(dir);
        StringBuilder index = new StringBuilder("# two levels\n");
        RdCurve c = RdCurve.empty(dir.getFileName().toString(), "test");
        for (int level = 1; level <= 2; level++) {
            Path bundle = Files.createDirectories(dir.resolve("level-" + level));
            try (var files = Files.list(MODELS.resolve(model))) {
                for (Path f : files.toList()) Files.copy(f, bundle.resolve(f.getFileName()));
            }
            index.append("level-").append(level).append('\n');
            double[] p = points[level - 1];
            c.add(RdCurve.BPP, p[0]);
            c.add(RdCurve.PSNR, p[1]);
            c.add(RdCurve.MS_SSIM, p[2]);
        }
        Files.writeString(dir.resolve("index.txt"), index);
        c.write(dir.resolve("kodak.json"));
        return dir;
    }

    @Test
    void tabulatesFactorAndBdRateAgainstTheAnchor(@TempDir Path dir) throws IOException {
        Path anchor = family(dir.resolve("anchor"), "tiny-test", new double[][] {{0.2, 28, 0.93}, {0.4, 31, 0.96}});
        Path wq = family(dir.resolve("wq"), "tiny-test-wq", new double[][] {{0.21, 27.9, 0.929}, {0.42, 30.9, 0.959}});
        CompressionReport report = CompressionReport.read("f16=" + anchor, List.of("wq=" + wq), "kodak.json",
                BdRate.Quality.PSNR_RGB);
        String table = report.markdown();
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).startsWith("Weights of the 2-model family against float32 ("), lines.get(0));
        assertTrue(lines.get(4).startsWith("| f16 | float16 | "), lines.get(4));
        assertTrue(lines.get(4).contains("| 0 (anchor) | 0 (anchor) | +0.000 | +0.0000 |"), lines.get(4));
        double bd = BdRate.bdRate(RdCurve.read(anchor.resolve("kodak.json")), RdCurve.read(wq.resolve("kodak.json")),
                BdRate.Quality.PSNR_RGB);
        assertTrue(lines.get(5).startsWith("| wq | "), lines.get(5));
        assertTrue(lines.get(5).contains(String.format(Locale.ROOT, "| %+.2f%% |", bd)), lines.get(5));
        assertTrue(lines.get(5).endsWith("| -0.100 | +0.0150 |"), lines.get(5));
        long perModel = lines.stream().filter(l -> l.startsWith("| wq | level-")).count();
        assertEquals(2, perModel, table);
        Path png = dir.resolve("report.png");
        report.plot(png);
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void refusesAFamilyWhoseCurveDoesNotMatchItsIndex(@TempDir Path dir) throws IOException {
        Path anchor = family(dir.resolve("anchor"), "tiny-test", new double[][] {{0.2, 28, 0.93}, {0.4, 31, 0.96}});
        Files.writeString(anchor.resolve("index.txt"), "level-1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompressionReport.read("a=" + anchor, List.of(), "kodak.json", BdRate.Quality.PSNR_RGB));
        assertTrue(e.getMessage().contains("1 models in index.txt but 2 points in kodak.json"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CompressionReport.read("no-label", List.of(), "kodak.json", BdRate.Quality.PSNR_RGB));
    }
}
