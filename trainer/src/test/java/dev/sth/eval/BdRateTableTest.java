package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sth.eval.BdRate.Quality;
import dev.sth.metrics.Metrics;

/** {@link BdRateTable}: the {@code bdrate} command's Markdown table. */
class BdRateTableTest {

    @Test
    void oneRowPerTestCurveWithBothQualities() {
        RdCurve hevc = BdRateTest.curve("hevc", BdRateTest.HEVC);
        RdCurve avif = BdRateTest.curve("avif", BdRateTest.AVIF);
        RdCurve jpeg = BdRateTest.curve("jpeg", BdRateTest.JPEG);
        String table = BdRateTable.markdown(hevc, List.of(avif, jpeg));
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).startsWith("BD-rate against hevc (5 points; "), lines.get(0));
        assertEquals("| codec | points | bpp range | BD-rate on PSNR-RGB | BD-rate on MS-SSIM (dB) |", lines.get(2));
        assertEquals(String.format(Locale.ROOT, "| avif | 5 | 0.191–1.028 | %+.1f%% | %+.1f%% |",
                BdRate.bdRate(hevc, avif, Quality.PSNR_RGB), BdRate.bdRate(hevc, avif, Quality.MS_SSIM_DB)), lines.get(4));
        // JPEG reaches HEVC's quality only at its top: starred, with a note per quality
        double jpegPsnr = BdRate.bdRate(hevc, jpeg, Quality.PSNR_RGB);
        assertTrue(lines.get(5).startsWith(String.format(Locale.ROOT, "| jpeg | 5 | 0.221–1.037 | %+.1f%% * | ", jpegPsnr)),
                lines.get(5));
        double overlap = BdRate.overlap(Quality.PSNR_RGB.of(hevc), Quality.PSNR_RGB.of(jpeg));
        assertEquals(String.format(Locale.ROOT, "- jpeg on PSNR-RGB: the curves share only %.0f%% of their joint quality range",
                overlap * 100), lines.get(7), table);
        assertEquals(9, lines.size(), table);
    }

    @Test
    void aSinglePointGetsTheRateChangeAtItsOwnQuality() {
        RdCurve hevc = BdRateTest.curve("hevc", BdRateTest.HEVC);
        RdCurve one = BdRateTest.curve("one", new double[][] {{0.5, 30, 0.95}});
        String table = BdRateTable.markdown(hevc, List.of(one));
        assertTrue(table.contains(String.format(Locale.ROOT, "| one | 1 | 0.500–0.500 | %+.1f%% † | %+.1f%% † |",
                BdRate.rateChangeAtEqualQuality(hevc, 0.5, 30, Quality.PSNR_RGB),
                BdRate.rateChangeAtEqualQuality(hevc, 0.5, Metrics.msSsimDb(0.95), Quality.MS_SSIM_DB))), table);
        assertTrue(table.contains("\n- one: one point, so † marks the rate change against hevc"), table);
    }

    @Test
    void curvesThatShareANameAreToldApartByTheirFiles(@TempDir Path dir) throws java.io.IOException {
        Path hevc = dir.resolve("hevc.json");
        BdRateTest.curve("hevc", BdRateTest.HEVC).write(hevc);
        Path a = dir.resolve("before.json");
        Path b = dir.resolve("after.json");
        BdRateTest.curve("sth", BdRateTest.JPEG).write(a);
        BdRateTest.curve("sth", BdRateTest.AVIF).write(b);
        String table = BdRateTable.markdown(hevc, List.of(a, b));
        assertTrue(table.contains("| sth (before.json) | 5 | 0.221–1.037 |"), table);
        assertTrue(table.contains("| sth (after.json) | 5 | 0.191–1.028 |"), table);
    }

    @Test
    void notesCellsThatCannotBeComputed() {
        RdCurve hevc = BdRateTest.curve("hevc", BdRateTest.HEVC);
        RdCurve far = BdRateTest.curve("far", new double[][] {{0.5, 60, 0.95}, {0.6, 61, 0.96}});
        String table = BdRateTable.markdown(hevc, List.of(far));
        assertTrue(table.contains("| far | 2 | 0.500–0.600 | n/a | "), table);
        assertTrue(table.contains("- far on PSNR-RGB: quality ranges do not overlap"), table);
    }
}
