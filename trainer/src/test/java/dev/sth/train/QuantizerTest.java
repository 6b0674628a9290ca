package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.Quantizer;

/** The relaxed quantizer: soft tends to hard as σ grows, and so does the rate estimate. */
class QuantizerTest {

    private static final int M = 400;
    private static final int G = 4;

    private record Run(float[] soft, float[] hard, double crossEntropy) {
    }

    private static Run run(float[] values, float[] centers, int d, double sigma) {
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.constant("v", Nd4j.create(values, new long[] {M, G, d}, 'c'));
        SDVariable c = sd.constant("c", Nd4j.create(centers, new long[] {centers.length / d, d}, 'c'));
        Quantizer.Relaxed r = Quantizer.relax(sd, v, c, sd.constant("s", (float) sigma), sd.constant("h", 0f), centers.length / d);
        Map<String, INDArray> out = sd.output(Map.of(), r.soft().name(), r.hard().name(), r.crossEntropy().name());
        return new Run(out.get(r.soft().name()).data().asFloat(), out.get(r.hard().name()).data().asFloat(),
                out.get(r.crossEntropy().name()).getDouble(0));
    }

    private static float[] gaussian(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void softConvergesToHardAsSigmaGrows(int d) {
        float[] values = gaussian(M * G * d, d);
        float[] centers = gaussian(6 * d, 100 + d);
        double previous = Double.MAX_VALUE;
        for (double sigma : new double[] {0.5, 2, 8, 32, 128, 1e4}) {
            Run r = run(values, centers, d, sigma);
            double gap = 0;
            for (int i = 0; i < r.soft.length; i++) gap = Math.max(gap, Math.abs(r.soft[i] - r.hard[i]));
            double mean = 0;
            for (int i = 0; i < r.soft.length; i++) mean += Math.abs(r.soft[i] - r.hard[i]);
            mean /= r.soft.length;
            assertTrue(mean < previous, "mean |soft − hard| did not shrink at σ=" + sigma + ": " + mean);
            previous = mean;
        }
        assertTrue(previous < 1e-3, "soft still differs from hard at σ=1e4: " + previous);
    }

    @Test
    void hardAssignmentMatchesThePlainJavaQuantizer() {
        int d = 2;
        float[] values = gaussian(M * G * d, 11);
        float[] centers = gaussian(5 * d, 12);
        Run r = run(values, centers, d, 1);
        // The graph takes [M, G, d] rows; the Java quantizer takes [C][h][w] with C = G·d, h·w = M.
        float[] chw = new float[values.length];
        for (int m = 0; m < M; m++)
            for (int c = 0; c < G * d; c++) chw[c * M + m] = values[m * G * d + c];
        int[] symbols = Quantizer.assign(chw, G * d, 1, M, centers, d);
        float[] back = Quantizer.reconstruct(symbols, G * d, 1, M, centers, d);
        float[] hardChw = new float[values.length];
        for (int m = 0; m < M; m++)
            for (int c = 0; c < G * d; c++) hardChw[c * M + m] = r.hard[m * G * d + c];
        assertArrayEquals(hardChw, back, 0f);
    }

    @Test
    void entropyEstimateEqualsTheHardEntropyInTheLimit() {
        int d = 1;
        float[] values = gaussian(M * G, 21);
        float[] centers = {-1.5f, -0.5f, 0.5f, 1.5f};
        Run r = run(values, centers, d, 1e5);
        int[] counts = new int[centers.length];
        for (float h : r.hard) {
            for (int j = 0; j < centers.length; j++) if (h == centers[j]) counts[j]++;
        }
        double entropy = 0;
        for (int c : counts) if (c > 0) entropy -= (double) c / r.hard.length * Math.log((double) c / r.hard.length) / Math.log(2);
        assertEquals(entropy, r.crossEntropy, 1e-4, "H(p, q) should equal H(p) once q is hard");
        // Softer assignments give a strictly larger cross-entropy (an upper bound).
        assertTrue(run(values, centers, d, 1).crossEntropy > entropy + 0.01);
    }
}
