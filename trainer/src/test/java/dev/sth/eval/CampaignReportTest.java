package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign's learning curve: validation rows only, wall-clock hours, and the 5-hour slope. */
class CampaignReportTest {

    private static final String HEADER = "step,loss,distortion,mse,entropy_bits_per_symbol,train_bpp,sigma,hard_mix,lr,"
            + "val_psnr,val_bpp,images_per_s,wall_s,images_seen,val_est_bpp,cpu_s";

    @Test
    void tabulatesEachValidationAgainstWallHoursWithTheSlope(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("config.properties"), "batch=4\n");
        // Validations every 2 h of wall time, gaining 0.3 dB each: 0.15 dB/h = 0.75 dB per 5 h.
        StringBuilder log = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i <= 4; i++) {
            log.append(i * 1000).append(",1,1,1,1,1,1,1,2e-4,,,4,").append(i * 7200 - 100).append(",0,,0\n"); // no validation
            log.append(i * 1000 + 500).append(",1,1,1,1,1,1,1,2e-4,").append(25 + 0.3 * i).append(",0.40,4,")
                    .append(i * 7200).append(",0,0.41,").append(i * 14000).append('\n');
        }
        Files.writeString(run.resolve("log.csv"), log);
        Path out = run.resolve("report");
        String table = CampaignReport.write(run, "base", out);

        assertEquals(5, table.lines().filter(l -> l.matches("\\| \\d+ \\|.*")).count(), table);
        assertTrue(table.contains("| 4500 | 8.00 | 26.200 | 0.4000 |"), table);
        assertTrue(table.contains("+0.150 dB/h = +0.75 dB per 5 h"), table);
        assertTrue(Files.size(out.resolve("learning-curve.png")) > 1000);
    }
}
