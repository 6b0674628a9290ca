package dev.sth.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The campaign's learning curve: validation rows only, wall-clock hours, the rules' slopes, the extrapolation. */
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
        assertTrue(table.contains("- validation PSNR: +0.75 ± 0.00 dB (5 validations)"), table);
        assertTrue(Files.size(out.resolve("learning-curve.png")) > 1000);
    }

    @Test
    void extrapolatesTheLogLawFittedFromTheEndOfAnnealing(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("config.properties"), "batch=4\nwarmupSteps=1000\nannealSteps=4000\n");
        // PSNR = 25 + ln(h) from step 5,000 (h = 5); the earlier validations, σ still annealing, are far off it.
        StringBuilder log = new StringBuilder(HEADER).append('\n');
        for (int h = 1; h <= 20; h++) validation(log, 1000 * h, h < 5 ? 20 : 25 + Math.log(h), 0.4, h * 3600);
        Files.writeString(run.resolve("log.csv"), log);
        String table = CampaignReport.write(run, "base", run.resolve("report"));

        // Its slope 1/h falls to 0.02 dB/h at 50 h, where PSNR = 25 + ln 50 = 28.91 dB; the run is at 20 h.
        assertTrue(table.contains("extrapolation: PSNR = 25.00 +1.000 ln(h), fitted to the 16 validations from step 5000"), table);
        assertTrue(table.contains("falls to 0.1 dB per 5 h at 50 training h (28.91 dB there), 30 h from now"), table);
    }

    @Test
    void theConstantRateTrendDiscountsPsnrBoughtWithBits(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("config.properties"), "batch=4\n");
        // The rate drifts up and PSNR rises by exactly what the bits buy at 2.9 dB per doubling: no real gain.
        StringBuilder log = new StringBuilder(HEADER).append('\n');
        for (int h = 0; h <= 10; h++) {
            double bpp = 0.30 + 0.01 * h;
            validation(log, 1000 * (h + 1), 27 + 2.9 * Math.log(bpp) / Math.log(2), bpp, h * 3600);
        }
        Files.writeString(run.resolve("log.csv"), log);
        String table = CampaignReport.write(run, "base", run.resolve("report"));

        assertTrue(table.contains("- validation PSNR: +0.60 ± "), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("- at constant rate .*: [+-]0\\.00 ± 0\\.00 dB \\(11 validations\\)")), table);
    }

    private static void validation(StringBuilder log, long step, double psnr, double bpp, long wallSeconds) {
        log.append(step).append(",1,1,1,1,1,1,1,2e-4,").append(psnr).append(',').append(bpp).append(",4,")
                .append(wallSeconds).append(",0,").append(bpp).append(",0\n");
    }
}
