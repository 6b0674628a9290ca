package dev.sth.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import dev.sth.model.NetworkConfig;
import dev.sth.train.RateModel;

/** {@link TrainingBenchmark}: the {@code bench-train} timing loop, on a tiny network. */
class TrainingBenchmarkTest {

    static final NetworkConfig TINY = new NetworkConfig(8, 0, 8, 4, 1, NetworkConfig.Nonlinearity.RELU);

    @Test
    void timesTheStepsAndPrintsOneResultLine() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        double ms = new TrainingBenchmark(new TrainingBenchmark.Settings(TINY, 32, 2, 3, 1, false, 2, "tiny",
                RateModel.ORDER0, false)).run(new PrintStream(printed));
        assertTrue(ms > 0, "median " + ms + " ms");
        String line = printed.toString();
        assertTrue(line.startsWith("tiny relu N=8 R=0 rate=ORDER0 quantizer=on crop=32 batch=2 gc_every=2 onednn=true "), line);
        assertTrue(line.contains(" ms/step, ") && line.endsWith("G MACs/s (forward + 2x backward)" + System.lineSeparator()), line);
        assertTrue(line.lines().count() == 1, line);
    }

    @Test
    void refusesNoTimedSteps() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingBenchmark(new TrainingBenchmark.Settings(TINY, 32, 2, 0, 1,
                false, 0, "", RateModel.ORDER0, false)));
    }
}
