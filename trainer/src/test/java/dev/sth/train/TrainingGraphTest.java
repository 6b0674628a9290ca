package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.metrics.Distortion;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;
import dev.sth.model.Transform;

/** The training graph: gradients flow, and it computes what the inference path computes. */
class TrainingGraphTest {

    private static TrainingGraph graph(NetworkConfig cfg, long seed) {
        INDArray centers = Nd4j.linspace(-1, 1, (long) cfg.centers() * cfg.vectorDim(), DataType.FLOAT)
                .reshape(cfg.centers(), cfg.vectorDim());
        return new TrainingGraph(cfg, new SthNetwork(cfg).initialParameters(seed), centers, Distortion.MSE, 10, 0, 32);
    }

    @Test
    void gradientsReachTheEncoderAndTheCenters() {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 1);
        TrainingGraph g = graph(cfg, 3);
        Map<String, INDArray> grads = new HashMap<>();
        // Straight-through (hardMix 1): the forward pass is hard, yet gradients must still arrive.
        g.step(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), 2.0, 1.0, 1.0, grads);
        for (String name : new String[] {"analysis.conv0.W", "analysis.conv2.W", "synthesis.up2.W", TrainingGraph.CENTERS}) {
            INDArray gr = grads.get(name);
            assertTrue(gr != null && gr.norm2Number().doubleValue() > 0, "no gradient reaches " + name);
        }
    }

    @Test
    void gradientsReachEveryGdnParameter() {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 1, NetworkConfig.Nonlinearity.GDN);
        TrainingGraph g = graph(cfg, 3);
        Map<String, INDArray> grads = new HashMap<>();
        g.step(Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32), 2.0, 1.0, 1.0, grads);
        for (String layer : new SthNetwork(cfg).gdnLayers()) {
            for (String name : new String[] {dev.sth.model.Gdn.beta(layer), dev.sth.model.Gdn.gamma(layer)}) {
                INDArray gr = grads.get(name);
                assertTrue(gr != null && gr.norm2Number().doubleValue() > 0, "no gradient reaches " + name);
            }
        }
    }

    @Test
    void stepsOnPooledBuffersRepeatExactly() {
        // Each step reuses the previous step's buffers (Gradients.pooled): an op that read what a buffer
        // held before would make the second identical step differ from the first.
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 6, 1, NetworkConfig.Nonlinearity.GDN);
        TrainingGraph g = graph(cfg, 11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32);
        Map<String, float[]> first = new HashMap<>();
        Map<String, INDArray> grads = new HashMap<>();
        TrainingGraph.Outputs a = g.step(x, 2.0, 0.5, 1.0, grads);
        grads.forEach((k, v) -> first.put(k, v.dup().data().asFloat()));
        grads.clear();
        TrainingGraph.Outputs b = g.step(x, 2.0, 0.5, 1.0, grads);
        assertEquals(a.loss(), b.loss());
        assertEquals(first.keySet(), grads.keySet());
        first.forEach((k, v) -> assertArrayEquals(v, grads.get(k).data().asFloat(), "gradient of " + k));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, RELU", "2, RELU", "4, RELU", "1, GDN", "2, GDN"})
    void inferencePathMatchesTrainingGraphOnTheSameWeights(int d, NetworkConfig.Nonlinearity nonlinearity) {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 5, d, nonlinearity);
        TrainingGraph g = graph(cfg, 7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 24, 40);
        Map<String, INDArray> train = g.forward(x, 1.0, 1.0, 1.0);

        Map<String, INDArray> params = g.parameters();
        float[] centers = params.get(TrainingGraph.CENTERS).data().asFloat();
        INDArray z = Transform.analysis(cfg, params).apply(x);
        assertArrayEquals(train.get("z").data().asFloat(), z.data().asFloat(), "latents differ");
        int[] symbols = Quantizer.assign(z.data().asFloat(), 8, 3, 5, centers, d);
        float[] zhat = Quantizer.reconstruct(symbols, 8, 3, 5, centers, d);
        assertArrayEquals(train.get("zhard").dup('c').data().asFloat(), zhat, 1e-6f, "hard quantization differs");
        INDArray xhat = Transform.synthesis(cfg, params).apply(Nd4j.create(zhat, new long[] {1, 8, 3, 5}, 'c'));
        assertArrayEquals(train.get("xhat").data().asFloat(), xhat.data().asFloat(), 1e-5f, "reconstructions differ");
    }

    @Test
    void warmupBypassesTheQuantizer() {
        NetworkConfig cfg = new NetworkConfig(8, 0, 8, 4, 1);
        TrainingGraph g = graph(cfg, 5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 16, 16);
        INDArray z = g.forward(x, 1, 1, 1).get("z");
        INDArray direct = Transform.synthesis(cfg, g.parameters()).apply(z);
        assertArrayEquals(direct.data().asFloat(), g.forward(x, 1, 1, 0).get("xhat").data().asFloat(), 1e-5f);
    }

    @Test
    void configRoundTripsThroughProperties() {
        NetworkConfig cfg = new NetworkConfig(16, 2, 32, 6, 2);
        assertEquals(cfg, NetworkConfig.fromProperties(cfg.toProperties()));
        // A ReLU config writes no nonlinearity key (so older readers and hashes see what they always saw).
        assertEquals(null, cfg.toProperties().getProperty("network.nonlinearity"));
        NetworkConfig gdn = new NetworkConfig(16, 2, 32, 6, 2, NetworkConfig.Nonlinearity.GDN);
        assertEquals("gdn", gdn.toProperties().getProperty("network.nonlinearity"));
        assertEquals(gdn, NetworkConfig.fromProperties(gdn.toProperties()));
    }
}
