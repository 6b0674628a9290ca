package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.format.CoderParams;
import dev.sth.metrics.Distortion;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;

/** The coder-matched rate term: what it charges is what the coder writes, and the graph charges it. */
class ContextRateTest {

    private static final NetworkConfig NET = new NetworkConfig(8, 0, 8, 6, 1);
    private static final float[] SORTED = {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f};
    private static final int H = 24;
    private static final int W = 24;

    /** A latent [C][H][W] with the spatial and cross-channel correlation the context model exploits. */
    private static float[] correlatedLatent(Random rnd) {
        int c = NET.latentChannels();
        float[] z = new float[c * H * W];
        for (int k = 0; k < c; k++) {
            double scale = 0.4 + 0.25 * k; // channels differ in spread, as learned ones do
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int i = (k * H + y) * W + x;
                    double west = x > 0 ? z[i - 1] : 0;
                    double north = y > 0 ? z[i - W] : 0;
                    double prev = k > 0 ? z[i - H * W] : 0;
                    z[i] = (float) (0.45 * west + 0.35 * north + 0.1 * prev + scale * rnd.nextGaussian());
                }
            }
        }
        return z;
    }

    private static INDArray batch(Random rnd, int images) {
        int per = NET.latentChannels() * H * W;
        float[] all = new float[images * per];
        for (int b = 0; b < images; b++) System.arraycopy(correlatedLatent(rnd), 0, all, b * per, per);
        return Nd4j.create(all, new long[] {images, NET.latentChannels(), H, W}, 'c');
    }

    @Test
    void matchedRateEqualsTheRealCodedSizeWithinFivePercent() {
        Random rnd = new Random(3);
        ContextRate rate = new ContextRate(NET, CoderParams.defaults(), Integer.MAX_VALUE);
        for (int i = 0; i < 10; i++) rate.addBatch(batch(rnd, 8), SORTED);
        ContextPriors priors = rate.priors();
        double[][] len = ContextRate.codeLengths(priors);
        for (int trial = 0; trial < 4; trial++) {
            ContextRate.Coded coded = rate.code(correlatedLatent(rnd), H, W, SORTED);
            double estimate = ContextRate.bits(coded, len);
            double real = LatentCoder.encode(coded.symbols(), priors, CoderParams.defaults()).length * 8.0;
            assertEquals(1.0, real / estimate, 0.05, "coded " + real + " bits, the rate term says " + estimate);
            // The order-0 estimate, blind to the neighbours, is far off on the same symbols.
            double order0 = Trainer.order0Bits(coded.data(), NET.centers());
            assertTrue(order0 > 1.15 * real, "order-0 " + order0 + " bits against " + real + " coded");
        }
    }

    @Test
    void trainingGraphChargesTheExpectedCodeLengthOfEachPosition() {
        // Centers in an order that is not the value order: the graph's index j must map to the coder's symbol.
        float[] graphOrder = {0.5f, -2.5f, 2.5f, -0.5f, 1.5f, -1.5f};
        INDArray centers = Nd4j.create(graphOrder, new long[] {6, 1}, 'c');
        TrainingGraph g = new TrainingGraph(NET, new SthNetwork(NET).initialParameters(4), centers, Distortion.MSE,
                10, 0, 32, WeightCompression.NONE, RateModel.CONTEXT);
        ContextRate rate = new ContextRate(NET, CoderParams.defaults());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 48, 48);
        // Scale the latent so it spreads over the centers; then feed a few steps so the tables are not flat.
        INDArray z = g.latent(x);
        double spread = z.stdNumber().doubleValue();
        g.parameters().get("analysis.conv2.W").muli(1.5 / spread);
        g.parameters().get("analysis.conv2.b").assign(Nd4j.rand(DataType.FLOAT, 8).subi(0.5));
        for (int i = 0; i < 3; i++) rate.stepLengths(g.latent(Nd4j.rand(DataType.FLOAT, 2, 3, 48, 48)), graphOrder);

        z = g.latent(x);
        double[][] len = ContextRate.codeLengths(rate.priors());
        double expected = 0;
        float[] all = z.dup('c').data().asFloat();
        int per = 8 * 6 * 6;
        for (int b = 0; b < 2; b++) {
            float[] zb = java.util.Arrays.copyOfRange(all, b * per, (b + 1) * per);
            expected += ContextRate.bits(rate.code(zb, 6, 6, Quantizer.sortedCenters(graphOrder, 1)), len);
        }
        INDArray lengths = rate.stepLengths(z, graphOrder);
        // σ huge: the soft assignment is one-hot, so Σ φ·len is the hard symbols' code length.
        TrainingGraph.Outputs o = g.step(x, 1e6, 1, 1, new WeightCompression.Phase(1, 1), lengths, new HashMap<>());
        assertEquals(expected / (2 * per), o.bitsPerSymbol(), 1e-3 * expected / (2 * per));
        double range = lengths.maxNumber().doubleValue() - lengths.minNumber().doubleValue();
        assertTrue(range > 1, "the tables are still flat: code lengths span only " + range + " bits");
        Map<String, INDArray> grads = new HashMap<>();
        g.step(x, 2.0, 1, 1, new WeightCompression.Phase(1, 1), lengths, grads);
        assertTrue(grads.get("analysis.conv0.W").norm2Number().doubleValue() > 0, "no gradient reaches the encoder");
    }
}
