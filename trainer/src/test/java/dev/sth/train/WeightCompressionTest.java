package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.QuantizedWeights;
import dev.sth.model.SthNetwork;

/** Network compression: the weight quantizer inside the training graph, the fine-tune and the command. */
class WeightCompressionTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final Path TINY = Path.of("../testdata/models/tiny-test");

    private static TrainingGraph graph(WeightCompression wc, Map<String, INDArray> params) {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 1);
        params.putAll(new SthNetwork(cfg).initialParameters(4));
        Trainer.initialiseWeightCenters(params, wc, QUIET);
        INDArray centers = Nd4j.linspace(-1, 1, 6, DataType.FLOAT).reshape(6, 1);
        return new TrainingGraph(cfg, params, centers, Distortion.MSE, 10, 0, 32, wc);
    }

    @Test
    void gradientsReachKernelsAndTheirCentersAndTheRateTermCounts() {
        WeightCompression wc = new WeightCompression(8, 1, 5, 100, 100, 0, 0);
        TrainingGraph g = graph(wc, new HashMap<>());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        Map<String, INDArray> grads = new HashMap<>();
        TrainingGraph.Outputs o = g.step(x, 8, 1, 1, new WeightCompression.Phase(100, 1), grads);
        assertTrue(o.weightBits() > 1 && o.weightBits() <= 3.01, "bits per weight " + o.weightBits());
        for (String name : List.of("analysis.conv0.W", WeightCompression.centersOf("analysis.conv0.W"),
                WeightCompression.centersOf("synthesis.up2.W"))) {
            assertTrue(grads.get(name).norm2Number().doubleValue() > 0, "no gradient for " + name);
        }
        // The weight rate is part of the loss: β = 0 gives a smaller loss on the same batch.
        TrainingGraph g0 = graph(new WeightCompression(8, 1, 0, 100, 100, 0, 0), new HashMap<>());
        TrainingGraph.Outputs o0 = g0.step(x, 8, 1, 1, new WeightCompression.Phase(100, 1), new HashMap<>());
        assertEquals(o.loss() - 5 * o.weightBits(), o0.loss(), 1e-3 * o0.loss());
    }

    @Test
    void gridCentersAreUniformContainZeroAndRespectTheCap() {
        float[] w = new float[20000];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < w.length; i++) w[i] = (float) (0.02 * r.nextGaussian());
        double rms = 0.02;
        float[] c = new WeightCompression(64, 1, 0, 1, 1, 0, 0.25).initialCenters(w);
        double step = c[1] - c[0];
        assertEquals(0.25 * rms, step, 0.02 * rms);
        for (int j = 1; j < c.length; j++) assertEquals(step, c[j] - c[j - 1], 1e-6);
        assertTrue(java.util.Arrays.binarySearch(c, 0f) >= 0 || Math.abs(c[Math.round((float) (-c[0] / step))]) < 1e-7);
        assertTrue(c.length <= 64);
        // A cap smaller than the range needs widens the step instead of clipping weights.
        float[] capped = new WeightCompression(8, 1, 0, 1, 1, 0, 0.25).initialCenters(w);
        assertTrue(capped.length <= 9, "" + capped.length);
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float v : w) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        assertTrue(capped[0] <= lo && capped[capped.length - 1] >= hi);
    }

    @Test
    void hardWeightsInTheGraphAreExactlyTheExportedOnes() {
        WeightCompression wc = new WeightCompression(8, 1, 5, 100, 100, 0, 0);
        TrainingGraph g = graph(wc, new HashMap<>());
        Map<String, QuantizedWeights> q = g.quantizedWeights();
        assertEquals(10, q.size(), "every kernel of N=8, R=1 is compressed");
        Map<String, INDArray> inference = g.inferenceParameters();
        q.forEach((k, w) -> assertArrayEquals(w.values(), inference.get(k).dup('c').data().asFloat(), 0f, k));
        assertTrue(inference.keySet().stream().noneMatch(k -> k.startsWith(WeightCompression.PREFIX)));
        // Straight-through forward with hard weights equals the inference network on those weights.
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32);
        INDArray zGraph = g.forward(x, 8, 1, 1).get("z");
        INDArray zInference = dev.sth.model.Transform.analysis(new NetworkConfig(8, 1, 8, 6, 1), inference).apply(x);
        assertArrayEquals(zInference.data().asFloat(), zGraph.data().asFloat(), 1e-5f);
    }

    @Test
    void compressModelFineTunesAndWritesAnEntropyCodedBundle(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiny-wq");
        int rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TrainerTest.TESTDATA.toString(), "--centers", "8", "--steps", "12", "--beta", "5",
                "--prior-images", "3");
        assertEquals(0, rc);
        ModelBundle source = ModelBundle.load(TINY, true);
        ModelBundle b = ModelBundle.load(out, true);
        assertEquals("tiny-test", b.name());
        assertEquals(10, b.quantizedWeights().size());
        b.quantizedWeights().forEach((k, q) -> {
            assertTrue(q.centerCount() <= 8, k);
            assertArrayEquals(q.values(), b.allWeights().get(k).dup('c').data().asFloat(), 0f, k);
        });
        double factor = Double.parseDouble(b.info().getProperty("compression.factor"));
        assertTrue(factor > 4, "compression factor " + factor);
        assertTrue(b.storedWeightBytes() < source.storedWeightBytes() / 2);
        assertTrue(Files.readString(out.resolve("MANIFEST.md")).contains("## Network compression"));
        assertTrue(Files.exists(dir.resolve("tiny-wq.run/checkpoint.tar")), "the fine-tune checkpoints");
        // Re-running resumes the finished fine-tune instead of training again.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TrainerTest.TESTDATA.toString(), "--centers", "8", "--steps", "12", "--beta", "5",
                "--prior-images", "3", "-f");
        assertEquals(0, rc);
        assertEquals(b.id(), ModelBundle.load(out, false).id());
        // A run folder left by other settings is not resumed as if it were this fine-tune.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TrainerTest.TESTDATA.toString(), "--centers", "6", "--steps", "12", "--prior-images", "3", "-f");
        assertEquals(1, rc);
        assertEquals(b.id(), ModelBundle.load(out, false).id(), "nothing was overwritten");
    }

    @Test
    void baselinesReportPackedSizes(@TempDir Path dir) throws Exception {
        for (String method : List.of("uniform8", "kmeans-fixed")) {
            Path out = dir.resolve(method);
            int rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out",
                    out.toString(), "--method", method, "--centers", "16", "--data", TrainerTest.TESTDATA.toString(),
                    "--prior-images", "3");
            assertEquals(0, rc, method);
            ModelBundle b = ModelBundle.load(out, true);
            double factor = Double.parseDouble(b.info().getProperty("compression.factor"));
            // uniform8: 4× on kernels, less with float16 biases; kmeans-fixed 16: 8× on kernels.
            if (method.equals("uniform8")) assertTrue(factor > 3.3 && factor < 4.01, method + " " + factor);
            else assertTrue(factor > 5 && factor < 8.01, method + " " + factor);
            for (Map.Entry<String, INDArray> e : b.allWeights().entrySet()) {
                if (!WeightCompression.compresses(e.getKey())) continue;
                long distinct = java.util.Arrays.stream(toDouble(e.getValue())).distinct().count();
                assertTrue(distinct <= (method.equals("uniform8") ? 256 : 16), e.getKey() + " has " + distinct + " values");
            }
        }
    }

    private static double[] toDouble(INDArray a) {
        return a.dup('c').data().asDouble();
    }
}
