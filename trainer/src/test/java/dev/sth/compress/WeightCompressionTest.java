package dev.sth.compress;

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

import dev.sth.metrics.Distortion;
import dev.sth.model.ModelBundle;
import dev.sth.model.NetworkConfig;
import dev.sth.model.QuantizedWeights;
import dev.sth.model.SthNetwork;
import dev.sth.train.ImageFolder;
import dev.sth.train.Trainer;
import dev.sth.train.TrainingGraph;
import dev.sth.train.WeightCompression;
import dev.sth.trainer.SthTrainer;

/** Network compression: the weight quantizer inside the training graph, the fine-tune and the command. */
class WeightCompressionTest {

    private static final java.nio.file.Path TESTDATA = java.nio.file.Path.of("../testdata");

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
        // Each exported weight is the center nearest to the live weight (recomputed here, not taken from the export).
        Map<String, INDArray> live = g.parameters();
        q.forEach((k, w) -> {
            float[] lw = live.get(k).dup('c').data().asFloat();
            float[] c = live.get(WeightCompression.centersOf(k)).dup('c').data().asFloat();
            float[] exported = inference.get(k).dup('c').data().asFloat();
            for (int i = 0; i < lw.length; i++) {
                float best = c[0];
                for (float cj : c) if (Math.abs(lw[i] - cj) < Math.abs(lw[i] - best)) best = cj;
                assertEquals(best, exported[i], 0f, k + "[" + i + "]");
            }
        });
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
                "--data", TESTDATA.toString(), "--centers", "8", "--steps", "12", "--beta", "5",
                "--prior-images", "3");
        assertEquals(0, rc);
        ModelBundle source = ModelBundle.load(TINY, true);
        ModelBundle b = ModelBundle.load(out, true);
        assertEquals("tiny-test", b.name());
        assertEquals(10, b.quantizedWeights().size());
        b.quantizedWeights().forEach((k, q) -> {
            assertTrue(q.centerCount() <= 8, k);
            assertArrayEquals(dequantized(q), b.allWeights().get(k).dup('c').data().asFloat(), 0f, k);
        });
        double factor = Double.parseDouble(b.info().getProperty("compression.factor"));
        assertTrue(factor > 4, "compression factor " + factor);
        assertTrue(b.storedWeightBytes() < source.storedWeightBytes() / 2);
        assertTrue(Files.readString(out.resolve("MANIFEST.md")).contains("## Network compression"));
        assertTrue(Files.exists(dir.resolve("tiny-wq.run/checkpoint.tar")), "the fine-tune checkpoints");
        // Re-running resumes the finished fine-tune instead of training again.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TESTDATA.toString(), "--centers", "8", "--steps", "12", "--beta", "5",
                "--prior-images", "3", "-f");
        assertEquals(0, rc);
        assertEquals(b.id(), ModelBundle.load(out, false).id());
        // A run folder left by other settings is not resumed as if it were this fine-tune.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TESTDATA.toString(), "--centers", "6", "--steps", "12", "--prior-images", "3", "-f");
        assertEquals(1, rc);
        assertEquals(b.id(), ModelBundle.load(out, false).id(), "nothing was overwritten");
    }

    @Test
    void baselinesReportPackedSizes(@TempDir Path dir) throws Exception {
        for (String method : List.of("uniform8", "kmeans-fixed")) {
            Path out = dir.resolve(method);
            int rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out",
                    out.toString(), "--method", method, "--centers", "16", "--data", TESTDATA.toString(),
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

    @Test
    void aFixedGridRunsOnRoundedWeightsAndPassesStraightThroughGradients() {
        Map<String, INDArray> params = new HashMap<>();
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 1);
        params.putAll(new SthNetwork(cfg).initialParameters(4));
        Map<String, Double> steps = new HashMap<>();
        for (String k : List.copyOf(params.keySet())) {
            if (!WeightCompression.compresses(k)) continue;
            float[] w = params.get(k).dup('c').data().asFloat();
            double step = 0.4 * rms(w);
            steps.put(k, step);
            float[] c = WeightCompression.gridCenters(w, step);
            params.put(WeightCompression.centersOf(k), Nd4j.create(c, new long[] {c.length, 1}, 'c'));
        }
        WeightCompression wc = new WeightCompression(4096, 1, 0, 1, 1, 0, 0, true);
        TrainingGraph g = new TrainingGraph(cfg, params, Nd4j.linspace(-1, 1, 6, DataType.FLOAT).reshape(6, 1),
                Distortion.MSE, 10, 0, 32, wc);
        // The exported weights are the grid rounding of the live ones.
        Map<String, INDArray> inference = g.inferenceParameters();
        steps.forEach((k, step) -> assertArrayEquals(WeightAllocation.round(g.parameters().get(k).dup('c').data().asFloat(), step),
                inference.get(k).dup('c').data().asFloat(), 1e-5f, k));
        // The graph's forward pass runs on exactly those weights.
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32);
        INDArray zGraph = g.forward(x, 8, 1, 1).get("z");
        INDArray zInference = dev.sth.model.Transform.analysis(cfg, inference).apply(x);
        assertArrayEquals(zInference.data().asFloat(), zGraph.data().asFloat(), 1e-5f);
        // Straight-through: the kernels learn although rounding has zero gradient; the grid stays put.
        Map<String, INDArray> grads = new HashMap<>();
        g.step(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), 8, 1, 1, new WeightCompression.Phase(1, 1), grads);
        assertTrue(grads.get("analysis.conv0.W").norm2Number().doubleValue() > 0);
        assertTrue(grads.get("synthesis.up2.W").norm2Number().doubleValue() > 0);
        assertEquals(0, grads.get(WeightCompression.centersOf("synthesis.up2.W")).norm2Number().doubleValue());
    }

    @Test
    void compressModelWithChannelScalesStoresScaledGridsTheNetworkRunsExactly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiny-scaled");
        int rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TESTDATA.toString(), "--allocate", "0.3", "--straight-through", "--channel-scales",
                "--steps", "4", "--beta", "0", "--prior-images", "3");
        assertEquals(0, rc);
        ModelBundle b = ModelBundle.load(out, true);
        assertEquals("0.5", b.info().getProperty("compression.channelScales")); // the default power
        assertEquals(10, b.quantizedWeights().size());
        b.quantizedWeights().forEach((k, q) -> {
            assertTrue(q.scales() != null, k + " has no channel scales");
            assertArrayEquals(dequantized(q), b.allWeights().get(k).dup('c').data().asFloat(), 0f, k);
        });
        assertTrue(Double.parseDouble(b.info().getProperty("compression.factor")) > 3);
        // Channel scales belong to the straight-through fine-tune on allocated grids.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out",
                dir.resolve("bad").toString(), "--data", TESTDATA.toString(), "--allocate", "0.3",
                "--channel-scales", "--steps", "4", "--prior-images", "3");
        assertEquals(2, rc);
        assertTrue(Files.notExists(dir.resolve("bad")));
    }

    @Test
    void channelMultipliersFollowTheInverseSquareRootOfCostAndDropUnusedChannels() throws Exception {
        double[] m = ChannelSensitivity.multipliers(new double[] {1, 4, 16, 0}, 1);
        assertArrayEquals(new double[] {2, 1, 0.5, ChannelSensitivity.MAX_GROW}, m, 1e-9);
        // Tempered: the same multipliers to the power 1/2.
        assertArrayEquals(new double[] {Math.sqrt(2), 1, Math.sqrt(0.5), Math.sqrt(ChannelSensitivity.MAX_GROW)},
                ChannelSensitivity.multipliers(new double[] {1, 4, 16, 0}, 0.5), 1e-9);
        // A ReLU channel that never opens costs nothing: close one of conv1's live output channels
        // (zero weights, negative bias) and it, and the next kernel's input channel reading it, get the
        // largest step, while the channels still in use do not.
        ModelBundle tiny = ModelBundle.load(TINY, true);
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        tiny.allWeights().forEach((k, v) -> params.put(k, v.dup()));
        List<INDArray> images = new java.util.ArrayList<>();
        for (ImageFolder.Rgb img : new ImageFolder(TESTDATA, 0, 1.0).train()) {
            images.add(ImageFolder.centerCrop(img, 64));
        }
        float[] before = ChannelSensitivity.scales(new ChannelSensitivity(tiny.network(), params, tiny.centers())
                .diagonal(images, 1).get("analysis.conv1.W"), 1).outValues();
        List<Integer> live = new java.util.ArrayList<>();
        for (int o = 0; o < before.length; o++) if (before[o] < ChannelSensitivity.MAX_GROW / 2) live.add(o);
        assertTrue(live.size() >= 2, "the tiny model uses " + live.size() + " of conv1's channels");
        int closed = live.get(0);
        params.get("analysis.conv1.W").get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(closed)).assign(0);
        params.get("analysis.conv1.b").putScalar(closed, -1f);
        Map<String, INDArray> diag = new ChannelSensitivity(tiny.network(), params, tiny.centers()).diagonal(images, 1);
        assertEquals(10, diag.size());
        float[] conv1Out = ChannelSensitivity.scales(diag.get("analysis.conv1.W"), 1).outValues();
        float[] nextIn = ChannelSensitivity.scales(diag.get("analysis.res0.a.W"), 1).inValues();
        assertEquals(ChannelSensitivity.MAX_GROW, conv1Out[closed], 0.05 * ChannelSensitivity.MAX_GROW);
        assertEquals(ChannelSensitivity.MAX_GROW, nextIn[closed], 0.05 * ChannelSensitivity.MAX_GROW);
        for (int o : live.subList(1, live.size())) {
            assertTrue(conv1Out[o] < ChannelSensitivity.MAX_GROW / 2, "live channel " + o + ": " + conv1Out[o]);
        }
    }

    @Test
    void allocationMeetsItsLossBudgetAndFollowsTheNetworksRescalingSymmetry() throws Exception {
        ModelBundle tiny = ModelBundle.load(TINY, true);
        List<INDArray> images = new java.util.ArrayList<>();
        for (ImageFolder.Rgb img : new ImageFolder(TESTDATA, 0, 1.0).train()) {
            images.add(ImageFolder.centerCrop(img, 64));
        }
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        tiny.allWeights().forEach((k, v) -> params.put(k, v.dup()));
        WeightAllocation.Result r = new WeightAllocation(tiny.network(), params, tiny.centers(), images, QUIET).allocate(0.2);
        assertEquals(10, r.kernels().size());
        assertTrue(r.lossDb() <= 0.2 + 1e-9 && r.lossDb() > 0.05, "measured loss " + r.lossDb() + " dB");

        // relu(s·x) = s·relu(x): scaling up1 (kernel and bias) by s and up2's kernel by 1/s changes no output.
        // Sensitivities are measured, so up1's step must scale by s and up2's by 1/s.
        double s = 4;
        Map<String, INDArray> scaled = new java.util.LinkedHashMap<>(params);
        scaled.put("synthesis.up1.W", params.get("synthesis.up1.W").mul(s));
        scaled.put("synthesis.up1.b", params.get("synthesis.up1.b").mul(s));
        scaled.put("synthesis.up2.W", params.get("synthesis.up2.W").div(s));
        WeightAllocation.Result rs = new WeightAllocation(tiny.network(), scaled, tiny.centers(), images, QUIET).allocate(0.2);
        assertEquals(s, rs.kernels().get("synthesis.up1.W").step() / r.kernels().get("synthesis.up1.W").step(), 0.1 * s);
        assertEquals(1 / s, rs.kernels().get("synthesis.up2.W").step() / r.kernels().get("synthesis.up2.W").step(), 0.1 / s);
        assertEquals(r.kernels().get("analysis.conv1.W").step(), rs.kernels().get("analysis.conv1.W").step(),
                0.1 * r.kernels().get("analysis.conv1.W").step());
    }

    @Test
    void compressModelWithAllocatedGridsWritesUniformGrids(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tiny-grid");
        int rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out", out.toString(),
                "--data", TESTDATA.toString(), "--allocate", "0.3", "--straight-through", "--steps", "6",
                "--beta", "0", "--prior-images", "3");
        assertEquals(0, rc);
        ModelBundle b = ModelBundle.load(out, true);
        assertEquals("0.3", b.info().getProperty("compression.allocateDb"));
        assertEquals(10, b.quantizedWeights().size());
        b.quantizedWeights().forEach((k, q) -> {
            float[] c = q.centers();
            for (int j = 2; j < c.length; j++) assertEquals(c[1] - c[0], c[j] - c[j - 1], 1e-4 * Math.abs(c[1] - c[0]), k);
            assertArrayEquals(dequantized(q), b.allWeights().get(k).dup('c').data().asFloat(), 0f, k);
        });
        assertTrue(Double.parseDouble(b.info().getProperty("compression.factor")) > 3);
        // --straight-through belongs to allocated grids only.
        rc = SthTrainer.commandLine().execute("compress-model", "--model", TINY.toString(), "--out",
                dir.resolve("bad").toString(), "--data", TESTDATA.toString(), "--straight-through",
                "--steps", "6", "--prior-images", "3");
        assertEquals(2, rc);
        assertTrue(Files.notExists(dir.resolve("bad")));
    }

    private static double rms(float[] w) {
        double s = 0;
        for (float v : w) s += v * v;
        return Math.sqrt(s / w.length);
    }

    private static double[] toDouble(INDArray a) {
        return a.dup('c').data().asDouble();
    }

    /**
     * A stored kernel's weights from the definition in docs/MODELS.md, written out here independently of
     * {@link QuantizedWeights}: element e is coordinate e mod d of center symbols[e / d], times
     * in[i] · out[o] = 2^((c_i − 128)/8) · 2^((c_o − 128)/8) where the kernel has channel scales.
     */
    private static float[] dequantized(QuantizedWeights q) {
        int d = q.vectorDim();
        long[] shape = q.shape();
        int out = (int) shape[shape.length - 1];
        int in = (int) shape[shape.length - 2];
        float[] v = new float[q.symbols().length * d];
        for (int e = 0; e < v.length; e++) {
            v[e] = q.centers()[q.symbols()[e / d] * d + e % d];
            if (q.scales() != null) {
                float si = (float) StrictMath.pow(2, ((q.scales().in()[(e / out) % in] & 0xff) - 128) / 8.0);
                float so = (float) StrictMath.pow(2, ((q.scales().out()[e % out] & 0xff) - 128) / 8.0);
                v[e] *= si * so;
            }
        }
        return v;
    }
}
