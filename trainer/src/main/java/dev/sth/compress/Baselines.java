package dev.sth.compress;
import dev.sth.train.KMeans;
import dev.sth.train.WeightCompression;

/**
 * The two reference points for network compression (issue: Deep Compression-style k-means without
 * entropy coding, and plain uniform quantization), applied to one tensor's weights.
 */
final class Baselines {

    private Baselines() {
    }

    /** Uniform quantization to 2^bits levels between the tensor's min and max. */
    static float[] uniform(float[] w, int bits) {
        float[] range = WeightCompression.range(w);
        float lo = range[0];
        float hi = range[1];
        int levels = (1 << bits) - 1;
        float step = hi > lo ? (hi - lo) / levels : 1;
        float[] q = new float[w.length];
        for (int i = 0; i < w.length; i++) q[i] = lo + Math.round((w[i] - lo) / step) * step;
        return q;
    }

    /** Packed size: one fixed-length code per weight plus min and step as float32. */
    static long uniformBytes(int n, int bits) {
        return ((long) n * bits + 7) / 8 + 8;
    }

    /** k-means to L scalar centers, each weight replaced by its nearest center. */
    static float[] kmeans(float[] w, int centers) {
        float[] c = KMeans.fit(w, 1, centers, 25);
        int[] s = dev.sth.model.Quantizer.assignRows(w, c, 1);
        float[] q = new float[w.length];
        for (int i = 0; i < w.length; i++) q[i] = c[s[i]];
        return q;
    }

    /** Packed size: ⌈log2 L⌉ bits per index, no entropy coding, plus L float32 centers. */
    static long fixedLengthBytes(int n, int centers) {
        int bits = 32 - Integer.numberOfLeadingZeros(centers - 1);
        return ((long) n * bits + 7) / 8 + 4L * centers;
    }
}
