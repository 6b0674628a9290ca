package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void inferencePathMatchesTrainingGraphOnTheSameWeights(int d) {
        NetworkConfig cfg = new NetworkConfig(8, 1, 8, 5, d);
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
    }
}
