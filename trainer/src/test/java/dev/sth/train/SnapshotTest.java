package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.sth.metrics.Distortion;
import dev.sth.model.NetworkConfig;

/** The committed, compact form of a run: what it keeps exactly, what it rounds, and resuming from it. */
class SnapshotTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static TrainConfig tiny(int steps) {
        return tiny(steps, "");
    }

    private static TrainConfig tiny(int steps, String initFrom) {
        return new TrainConfig(new NetworkConfig(8, 0, 8, 6, 1), TrainerTest.TESTDATA.toAbsolutePath().normalize(), 0, 1.0,
                48, 4, steps, 10, 20, 1, 10, 2e-3, 0.9, Distortion.MSE, 50, 0, 1, 10, 1000, 20, 64, initFrom);
    }

    @Test
    void theCompactFormKeepsParametersExactlyAndMomentsToFloat16(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Trainer.start(tiny(30), run, QUIET).run();
        Checkpoint full = Checkpoint.load(run);
        Snapshot.write(run, dir.resolve("snap"));
        Path compactFile = dir.resolve("snap").resolve(Checkpoint.COMPACT_FILE);
        Checkpoint compact = Checkpoint.loadCompact(compactFile);

        assertEquals(full.step(), compact.step());
        assertEquals(full.wallSeconds(), compact.wallSeconds());
        assertEquals(full.params().keySet(), compact.params().keySet());
        assertSameValues(full.params(), compact.params());
        assertEquals(full.adam().keySet(), compact.adam().keySet());
        for (Map.Entry<String, INDArray> e : full.adam().entrySet()) {
            float[] a = e.getValue().data().asFloat();
            float[] b = compact.adam().get(e.getKey()).data().asFloat();
            boolean second = e.getKey().startsWith("v.");
            double max = 0;
            for (float x : a) max = Math.max(max, Math.abs(second ? Math.sqrt(x) : x));
            for (int i = 0; i < a.length; i++) {
                double x = second ? Math.sqrt(a[i]) : a[i];
                double y = second ? Math.sqrt(b[i]) : b[i];
                // float16 relative to the tensor's largest value: 2^-11 of it, plus its subnormal floor.
                assertTrue(Math.abs(x - y) <= max * 1e-3 + Math.abs(x) * 1e-3, e.getKey() + "[" + i + "]: " + x + " vs " + y);
            }
        }
        long fullBytes = Files.size(run.resolve(Checkpoint.FILE));
        assertTrue(Files.size(compactFile) < 0.75 * fullBytes, "compact " + Files.size(compactFile) + " of " + fullBytes + " bytes");
        assertTrue(Files.exists(dir.resolve("snap/config.properties")) && Files.exists(dir.resolve("snap/log.csv")));
    }

    @Test
    void theSameStateGivesTheSameSnapshotBytes(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Trainer.start(tiny(10), run, QUIET).run();
        Snapshot.write(run, dir.resolve("a"));
        Thread.sleep(1100); // a tar entry's time has whole seconds: a clock in the bytes would differ now
        Snapshot.write(run, dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(Checkpoint.COMPACT_FILE)),
                Files.readAllBytes(dir.resolve("b").resolve(Checkpoint.COMPACT_FILE)));
    }

    @Test
    void aFreshRunFolderResumesFromTheSnapshotAndALaterRunFolderWins(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Trainer.start(tiny(20), run, QUIET).run();
        Path snap = dir.resolve("snap");
        Snapshot.write(run, snap);

        // Another machine: no run folder. Seeding it gives a run that resumes at the snapshot's step.
        Path elsewhere = dir.resolve("elsewhere");
        Snapshot.seed(snap, elsewhere, QUIET);
        Trainer resumed = Trainer.resume(elsewhere, 30, QUIET);
        assertEquals(20, resumed.step());
        resumed.run();
        assertEquals(30, Checkpoint.load(elsewhere).step());

        // The same command again: the run folder is further along, so the snapshot is not applied.
        Snapshot.seed(snap, elsewhere, QUIET);
        assertEquals(30, Checkpoint.load(elsewhere).step());
    }

    @Test
    void aFineTuneStartsFromTheSnapshotsParametersWhenTheRunFolderIsGone(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Trainer.start(tiny(20), run, QUIET).run();
        Path snap = dir.resolve("snap");
        Snapshot.write(run, snap);
        Map<String, INDArray> saved = Checkpoint.load(run).params();
        deleteTree(run);

        Trainer fineTune = Trainer.start(tiny(5, snap.toString()), dir.resolve("level"), QUIET);
        Map<String, INDArray> start = fineTune.graph().parameters();
        assertEquals(saved.keySet(), start.keySet());
        assertSameValues(saved, start);
        assertEquals(0, fineTune.step());
    }

    private static void assertSameValues(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            assertArrayEquals(e.getValue().data().asFloat(), actual.get(e.getKey()).data().asFloat(), 0f, e.getKey());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void resumingWithoutTheRunsDataNamesTheMissingFolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Trainer.start(tiny(10), run, QUIET).run();
        Path gone = dir.resolve("no-such-images");
        TrainConfig moved = TrainConfig.load(run.resolve("config.properties")).withData(gone);
        moved.save(run.resolve("config.properties"));
        IOException e = assertThrows(IOException.class, () -> Trainer.resume(run, null, QUIET));
        assertTrue(e.getMessage().contains(gone.toString()) && e.getMessage().contains("--data"), e.getMessage());
        // With --data pointing at the images, it resumes and records the new folder.
        Trainer t = Trainer.resume(run, null, TrainerTest.TESTDATA, QUIET);
        assertEquals(10, t.step());
        assertEquals(TrainerTest.TESTDATA.toAbsolutePath().normalize(),
                TrainConfig.load(run.resolve("config.properties")).data());
    }
}
