package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import dev.sth.eval.BdRate.Quality;

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
    void notesCellsThatCannotBeComputed() {
        RdCurve hevc = BdRateTest.curve("hevc", BdRateTest.HEVC);
        RdCurve one = BdRateTest.curve("one", new double[][] {{0.5, 30, 0.95}});
        String table = BdRateTable.markdown(hevc, List.of(one));
        assertTrue(table.contains("| one | 1 | 0.500–0.500 | n/a | n/a |"), table);
        assertTrue(table.contains("\n- "), "the reason is noted under the table:\n" + table);
    }
}
