package dev.sth.train;

import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextModel;
import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SymbolShape;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;

/**
 * The coder's rate as a training loss ({@link RateModel#CONTEXT}), after Mentzer et al., "Conditional
 * Probability Models for Deep Image Compression" (CVPR 2018), with the context coder's own contexts
 * in place of their 3-D CNN.
 *
 * <p>One table per coder context holds the symbol counts seen in that context on recent training
 * batches (an exponential moving average over about {@link #WINDOW_STEPS} steps: the maximum-likelihood
 * fit of a conditional distribution to a moving encoder). Each step the batch's hard symbols give
 * every position its context, exactly as {@link dev.sth.entropy.LatentCoder} will; the table turns into
 * priors as export stores them ({@link ContextPriors#fromCounts}), and each position gets the code
 * length −log₂ P(j | ctx) of every center j under those priors' initial frequencies. The training graph
 * charges the expected code length Σ_j φ_j · len_j under the soft assignment φ, so the gradient reaches
 * the encoder through φ. The context itself (a function of hard neighbours) carries no gradient.
 *
 * <p>At export the tables become the model's priors, so what training minimized is what the coder
 * starts from; the coder then adapts its tables, which only lowers the cost.
 */
public final class ContextRate {

    /** The tables follow the encoder over about this many steps. */
    static final int WINDOW_STEPS = 200;
    /** Tensor name of the counts in a checkpoint. */
    static final String COUNTS = "rate.counts";

    private final NetworkConfig net;
    private final CoderParams coder;
    private final ContextModel model;
    private final double[][] counts;
    private final double decay;

    public ContextRate(NetworkConfig net, CoderParams coder) {
        this(net, coder, WINDOW_STEPS);
    }

    public ContextRate(NetworkConfig net, CoderParams coder, int windowSteps) {
        this.net = net;
        this.coder = coder;
        this.model = ContextModel.create(coder.contextModelId(), net.centers(), net.symbolChannels());
        this.counts = new double[model.contextCount()][net.centers()];
        this.decay = windowSteps == Integer.MAX_VALUE ? 1 : 1 - 1.0 / windowSteps;
    }

    /** The symbols of one image's latent [C,h,w] (c-order), indexed by the centers' value order. */
    record Coded(SymbolTensor symbols, int[] data, int[] contexts) {
    }

    /** Hard symbols of latent {@code z} (one image, [C][h][w]) against value-sorted centers, and their contexts. */
    Coded code(float[] z, int h, int w, float[] sortedCenters) {
        int g = net.symbolChannels();
        int[] syms = Quantizer.assign(z, net.latentChannels(), h, w, sortedCenters, net.vectorDim());
        SymbolTensor t = SymbolTensor.of(new SymbolShape(g, h, w), net.centers(), syms);
        int[] ctx = new int[syms.length];
        int i = 0;
        for (int c = 0; c < g; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) ctx[i++] = model.contextOf(t, c, y, x);
            }
        }
        return new Coded(t, syms, ctx);
    }

    /** The priors the tables give now (what export stores for a context-rate model). */
    public ContextPriors priors() {
        long[][] seen = new long[counts.length][];
        for (int k = 0; k < counts.length; k++) {
            long[] s = new long[counts[k].length];
            long n = 0;
            for (int j = 0; j < s.length; j++) n += s[j] = Math.round(counts[k][j]);
            if (n > 0) seen[k] = s;
        }
        return ContextPriors.fromCounts(coder, net.centers(), net.symbolChannels(), seen);
    }

    /** Code lengths in bits, [context][symbol], of the priors' initial tables ({@link dev.sth.model.CodeLengths}). */
    static double[][] codeLengths(ContextPriors priors) {
        return dev.sth.model.CodeLengths.of(priors);
    }

    /** Total bits of the coded symbols under the code lengths (the training estimate in its hard form). */
    static double bits(Coded coded, double[][] len) {
        int[] s = coded.data();
        double bits = 0;
        for (int i = 0; i < s.length; i++) bits += len[coded.contexts()[i]][s[i]];
        return bits;
    }

    /**
     * One training batch: the code length of every center at every latent position under the current
     * tables, laid out [B·h·w, G, L] as {@link Quantizer#relaxLatent} lays out its rows (position in
     * NHWC order, then symbol channel, then the graph's own center index); then the batch's symbols
     * join the tables.
     *
     * @param z       the batch's latent [B,C,h,w]
     * @param centers the graph's centers [L·d] in the graph's order
     */
    public INDArray stepLengths(INDArray z, float[] centers) {
        int b = (int) z.size(0);
        int h = (int) z.size(2);
        int w = (int) z.size(3);
        int g = net.symbolChannels();
        int l = net.centers();
        int d = net.vectorDim();
        float[] sorted = Quantizer.sortedCenters(centers, d);
        int[] rank = rankOf(centers, sorted, d);
        double[][] len = codeLengths(priors());
        float[] all = z.dup('c').data().asFloat();
        int per = net.latentChannels() * h * w;
        float[] out = new float[b * h * w * g * l];
        Coded[] coded = new Coded[b];
        for (int i = 0; i < b; i++) {
            float[] zi = java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per);
            coded[i] = code(zi, h, w, sorted);
            int[] ctx = coded[i].contexts();
            for (int c = 0; c < g; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double[] lk = len[ctx[(c * h + y) * w + x]];
                        int base = (((i * h + y) * w + x) * g + c) * l;
                        for (int j = 0; j < l; j++) out[base + j] = (float) lk[rank[j]];
                    }
                }
            }
        }
        for (double[] row : counts) {
            for (int j = 0; j < row.length; j++) row[j] *= decay;
        }
        for (Coded c : coded) add(c);
        return Nd4j.create(out, new long[] {(long) b * h * w, g, l}, 'c');
    }

    /** Adds every image of latent batch {@code z} [B,C,h,w] to the tables (no decay), symbols against {@code sortedCenters}. */
    void addBatch(INDArray z, float[] sortedCenters) {
        int b = (int) z.size(0);
        int h = (int) z.size(2);
        int w = (int) z.size(3);
        float[] all = z.dup('c').data().asFloat();
        int per = net.latentChannels() * h * w;
        for (int i = 0; i < b; i++) add(code(java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per), h, w, sortedCenters));
    }

    private void add(Coded c) {
        int[] s = c.data();
        for (int i = 0; i < s.length; i++) counts[c.contexts()[i]][s[i]] += 1;
    }

    /** rank[j]: the position of the graph's center j among the value-sorted centers. */
    private static int[] rankOf(float[] centers, float[] sorted, int d) {
        int l = centers.length / d;
        int[] rank = new int[l];
        boolean[] used = new boolean[l];
        for (int j = 0; j < l; j++) {
            for (int r = 0; r < l; r++) {
                if (!used[r] && java.util.Arrays.equals(centers, j * d, j * d + d, sorted, r * d, r * d + d)) {
                    rank[j] = r;
                    used[r] = true;
                    break;
                }
            }
        }
        return rank;
    }

    Map<String, INDArray> state() {
        int l = net.centers();
        double[] flat = new double[counts.length * l];
        for (int k = 0; k < counts.length; k++) System.arraycopy(counts[k], 0, flat, k * l, l);
        return Map.of(COUNTS, Nd4j.create(flat, new long[] {counts.length, l}, 'c').castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    public void restore(Map<String, INDArray> state) {
        INDArray a = state.get(COUNTS);
        if (a == null) return;
        if (a.size(0) != counts.length || a.size(1) != net.centers()) {
            throw new IllegalArgumentException("checkpoint rate tables are " + java.util.Arrays.toString(a.shape())
                    + ", this network needs [" + counts.length + ", " + net.centers() + "]");
        }
        float[] f = a.dup('c').data().asFloat();
        for (int k = 0; k < counts.length; k++) {
            for (int j = 0; j < counts[k].length; j++) counts[k][j] = f[k * counts[k].length + j];
        }
    }
}
