package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.format.CoderParams;
import dev.sth.metrics.Distortion;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.TensorIO;

/** A real (tiny) training run on testdata/, checkpoint/resume, and export. */
class TrainerTest {

    static final Path TESTDATA = Path.of("../testdata");
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static TrainConfig tiny(int steps) {
        return new TrainConfig(new NetworkConfig(8, 0, 8, 6, 1), TESTDATA.toAbsolutePath().normalize(), 0, 1.0,
                48, 4, steps, 10, 20, 1, 10, 2e-3, 0.9, Distortion.MSE, 50, 0, 1, 10, 1000, 20, 64, "");
    }

    private static List<double[]> losses(Path run) throws Exception {
        return Files.readAllLines(run.resolve("log.csv")).stream().skip(1)
                .map(l -> l.split(","))
                .map(f -> new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[3])})
                .toList();
    }

    @Test
    void aTinyTrainingRunLowersTheLoss(@TempDir Path run) throws Exception {
        Trainer t = Trainer.start(tiny(80), run, QUIET);
        t.run();
        List<double[]> rows = losses(run);
        assertEquals(8, rows.size(), "one CSV row per 10 steps");
        double first = rows.get(0)[1];
        double last = rows.get(rows.size() - 1)[1];
        assertTrue(last < 0.7 * first, "MSE did not fall: first window " + first + ", last window " + last);
    }

    @Test
    void resumeContinuesFromTheCheckpoint(@TempDir Path run) throws Exception {
        Trainer.start(tiny(40), run, QUIET).run();
        // A run killed after its checkpoint may have logged further rows: resume drops them.
        Files.writeString(run.resolve("log.csv"), "45,1,1,1,1,1,1,1,1,,,1\n", java.nio.file.StandardOpenOption.APPEND);
        Checkpoint at40 = Checkpoint.load(run);
        assertEquals(40, at40.step());
        assertTrue(at40.centersInitialised());
        Trainer resumed = Trainer.resume(run, 60, QUIET);
        assertEquals(40, resumed.step());
        // The restored weights are exactly the checkpoint's.
        INDArray w = resumed.graph().parameters().get("analysis.conv0.W");
        assertArrayEquals(at40.params().get("analysis.conv0.W").data().asFloat(), w.data().asFloat(), 0f);
        resumed.run();
        assertEquals(60, Checkpoint.load(run).step());
        List<double[]> rows = losses(run);
        assertEquals(60, (long) rows.get(rows.size() - 1)[0]);
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i)[0] > rows.get(i - 1)[0], "steps logged once, in order");
    }

    @Test
    void aDivergingStepRollsBackToTheLastCheckpoint(@TempDir Path run) throws Exception {
        TrainConfig t = tiny(40);
        TrainConfig cfg = new TrainConfig(t.network(), t.data(), 0, 1.0, 48, 4, 40, 10, 20, 1, 10, 2e-3, 0.9,
                Distortion.MSE, 50, 0, 1, 10, 1000, 10, 64, "");
        Trainer trainer = Trainer.start(cfg, run, QUIET);
        boolean[] broken = {false};
        trainer.afterStep = tr -> {
            if (tr.step() == 35 && !broken[0]) { // wreck the weights, as one bad update can
                broken[0] = true;
                tr.graph().parameters().forEach((k, v) -> {
                    if (k.endsWith(".W")) v.muli(30);
                });
            }
        };
        trainer.run();
        assertEquals(1, trainer.rollbacks());
        assertEquals(40, Checkpoint.load(run).step());
        for (INDArray w : Checkpoint.load(run).params().values()) {
            assertTrue(Double.isFinite(w.sumNumber().doubleValue()));
            assertTrue(w.amaxNumber().doubleValue() < 20, "wrecked weights were not rolled back");
        }
        List<double[]> rows = losses(run);
        for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i)[0] > rows.get(i - 1)[0], "steps logged once, in order");
        assertEquals(40, (long) rows.get(rows.size() - 1)[0]);
    }

    @Test
    void fineTuningStartsFromAnotherRunsWeights(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        Trainer.start(tiny(20), base, QUIET).run();
        TrainConfig b = tiny(10);
        TrainConfig ft = new TrainConfig(b.network(), b.data(), 0, 1.0, 48, 4, 10, 0, 0, 1, 10, 1e-3, 0.9,
                Distortion.MSE, 500, 0.1, 2, 10, 1000, 10, 64, base.toString());
        Trainer t = Trainer.start(ft, dir.resolve("ft"), QUIET);
        assertEquals(0, t.step());
        assertArrayEquals(Checkpoint.load(base).params().get("synthesis.up2.W").data().asFloat(),
                t.graph().parameters().get("synthesis.up2.W").data().asFloat(), 0f);
        t.run();
        assertTrue(Checkpoint.load(dir.resolve("ft")).centersInitialised());
    }

    @Test
    void fineTuningCanStartFromAShippedBundle(@TempDir Path dir) throws Exception {
        Path bundle = Path.of("../testdata/models/tiny-test");
        ModelBundle b = ModelBundle.load(bundle, true);
        TrainConfig base = tiny(10);
        TrainConfig ft = new TrainConfig(b.network(), base.data(), 0, 1.0, 48, 4, 10, 0, 0, 8, 8, 1e-3, 0.9,
                Distortion.MSE, 100, 0.2, 3, 10, 1000, 10, 64, bundle.toAbsolutePath().toString());
        Trainer t = Trainer.start(ft, dir.resolve("ft"), QUIET);
        assertArrayEquals(b.synthesisWeights().get("synthesis.up0.W").data().asFloat(),
                t.graph().parameters().get("synthesis.up0.W").data().asFloat(), 0f);
        assertArrayEquals(b.centers(), t.graph().parameters().get(TrainingGraph.CENTERS).data().asFloat(), 0f);
        t.run();
        assertEquals(10, Checkpoint.load(dir.resolve("ft")).step());
    }

    @Test
    void exportThenLoadGivesBitIdenticalForwardOutputs(@TempDir Path dir) throws Exception {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 2);
        var params = new dev.sth.model.SthNetwork(cfg).initialParameters(9);
        float[] centers = Nd4j.rand(DataType.FLOAT, 12).data().asFloat();
        CoderParams coder = CoderParams.defaults();
        ContextPriors priors = ContextPriors.flat(coder.contextModelId(), 6, cfg.symbolChannels());
        for (int dtype : new int[] {TensorIO.FLOAT16, TensorIO.FLOAT32}) {
            ModelBundle exported = ModelBundle.of("t", cfg, coder, centers, priors, params, new Properties(), dtype);
            exported.save(dir.resolve("m" + dtype));
            ModelBundle loaded = ModelBundle.load(dir.resolve("m" + dtype), true);
            assertEquals(exported.id(), loaded.id());
            INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 24);
            assertArrayEquals(exported.newAnalysis().apply(x).data().asFloat(),
                    loaded.newAnalysis().apply(x).data().asFloat(), 0f);
            INDArray z = Nd4j.rand(DataType.FLOAT, 1, 8, 4, 3);
            assertArrayEquals(exported.newSynthesis().apply(z).data().asFloat(),
                    loaded.newSynthesis().apply(z).data().asFloat(), 0f);
            assertArrayEquals(centers, loaded.centers(), 0f);
        }
    }

    @Test
    void theRunRecordsItsRealCommandLineAndItsClocks(@TempDir Path run) throws Exception {
        String[] args = {"train", "--run", run.toString(), "--data", TESTDATA.toString(), "--channels", "8", "--res-blocks", "0",
                "--latent-channels", "8", "--crop", "48", "--batch", "4", "--steps", "30", "--warmup-steps", "10",
                "--anneal-steps", "10", "--validation-every", "0", "--downscale", "1", "--log-every", "10",
                "--validate-every", "30", "--checkpoint-every", "10", "--validation-crop", "64", "--nonlinearity", "gdn",
                "--rate", "CONTEXT"};
        assertEquals(0, dev.sth.trainer.SthTrainer.commandLine().execute(args));
        List<String> recorded = Files.readAllLines(run.resolve(TrainCommand.COMMANDS_FILE));
        assertEquals("java -jar trainer/target/sth-trainer.jar " + String.join(" ", args), recorded.get(1));
        List<String> log = Files.readAllLines(run.resolve("log.csv"));
        List<String> header = List.of(log.get(0).split(","));
        String[] last = log.get(log.size() - 1).split(",", -1);
        double wall = Double.parseDouble(last[header.indexOf("wall_s")]);
        double cpu = Double.parseDouble(last[header.indexOf("cpu_s")]);
        assertTrue(wall > 0 && cpu > 0, "wall " + wall + " s, cpu " + cpu + " s");
        assertEquals(30L * 4, Long.parseLong(last[header.indexOf("images_seen")]));
        assertTrue(!last[header.indexOf("val_est_bpp")].isEmpty(), "the last row validates and estimates");
        Checkpoint c = Checkpoint.load(run);
        assertEquals(wall, c.wallSeconds(), 0.2);
        assertTrue(c.cpuSeconds() >= cpu - 0.5, "checkpoint cpu " + c.cpuSeconds() + " s against the log's " + cpu);
        assertTrue(!c.rate().isEmpty(), "a context-rate checkpoint carries its tables");
        // Resumed: the clocks continue from the checkpoint, and the restored tables give the same priors.
        ContextRate restored = new ContextRate(TrainConfig.load(run.resolve("config.properties")).network(), CoderParams.defaults());
        restored.restore(c.rate());
        Trainer resumed = Trainer.resume(run, 40, QUIET);
        assertEquals(restored.priors(), resumed.learnedPriors());
        resumed.run();
        assertTrue(Checkpoint.load(run).wallSeconds() > c.wallSeconds());
    }

    @Test
    void aStopFileEndsTheRunAtACheckpoint(@TempDir Path run) throws Exception {
        Trainer t = Trainer.start(tiny(200), run, QUIET);
        t.afterStep = tr -> {
            if (tr.step() == 15) {
                try {
                    Files.createFile(run.resolve(Trainer.STOP_FILE));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        t.run();
        assertEquals(16, t.step(), "stops after the step that found the file");
        assertEquals(16, Checkpoint.load(run).step(), "and checkpoints there");
        assertTrue(!Files.exists(run.resolve(Trainer.STOP_FILE)), "the stop file is consumed");
    }

    @Test
    void aCpuBudgetStopsTheRun(@TempDir Path run) throws Exception {
        Trainer t = Trainer.start(tiny(100000), run, QUIET);
        t.setCpuBudget(1e-3); // already spent by start-up: the first step ends the run
        t.run();
        assertEquals(1, t.step());
        assertTrue(Checkpoint.load(run).cpuSeconds() > 0);
    }
}
