package dev.sth.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.model.Quantizer;
import dev.sth.model.Transform;

/**
 * One image [1,3,H,W] through the inference path, as the codec runs it: analysis, hard latent
 * quantization in Java, synthesis (unclamped). Validation and the weight allocation both measure this.
 */
public record HardRoundTrip(int[] symbols, int latentHeight, int latentWidth, INDArray xhat) {

    /** The analysis output of one image [1,3,H,W] as a c-order [C][h][w] array. */
    static float[] latent(Transform analysis, INDArray x) {
        return analysis.applyToFloats(x);
    }

    public static HardRoundTrip of(Transform analysis, Transform synthesis, INDArray x, float[] centers, int vectorDim) {
        int c, h, w;
        float[] zf;
        try (INDArray z = analysis.apply(x)) {
            c = (int) z.size(1);
            h = (int) z.size(2);
            w = (int) z.size(3);
            zf = z.data().asFloat();
        }
        int[] symbols = Quantizer.assign(zf, c, h, w, centers, vectorDim);
        float[] zhat = Quantizer.reconstruct(symbols, c, h, w, centers, vectorDim);
        return new HardRoundTrip(symbols, h, w, synthesis.apply(Nd4j.create(zhat, new long[] {1, c, h, w}, 'c')));
    }
}
