package dev.sth.encoder;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextModel;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.SymbolShape;
import dev.sth.metrics.Distortion;
import dev.sth.metrics.MsSsimLoss;
import dev.sth.model.Gradients;
import dev.sth.model.Adam;
import dev.sth.model.CodeLengths;
import dev.sth.model.InferenceMemory;
import dev.sth.model.ModelBundle;
import dev.sth.model.NativeMemory;
import dev.sth.model.NetworkConfig;
import dev.sth.model.Quantizer;
import dev.sth.model.SthNetwork;
import dev.sth.model.Tiling;

/**
 * Encoder effort levels: the paper's soft-to-hard relaxation applied to one image's latent at encode
 * time. Starting from the analysis output, the latent is optimised against the model's own decoder
 * for the model's own objective, D + λ·bpp: the distortion it was trained for (MSE on the 0–255 scale,
 * or 5000·(1 − MS-SSIM)), its level's λ (the slope of its family's rate-distortion curve at that level,
 * {@link dev.sth.model.ModelCatalog#lambda}; the training β would not do: it weighed an order-0 estimate
 * above a target rate, and on psnr-4 it is 1000 where the family's curve falls at 216 per bpp, so
 * refining at β halved the rate and lost 2.7 dB), and the rate as the coder writes it (each
 * position's code length under the model's context priors, in the context its hard neighbours give
 * it). The quantizer is soft at first (σ small) and annealed to hard, after which the last iterations
 * run straight-through. The decoder and the bitstream are untouched: the result is quantized and coded
 * exactly as a single pass.
 *
 * <p>Memory stays bounded: the latent is refined tile by tile ({@link Tiling#TILE} latents, a Kodak
 * image is one tile), each with a {@link Tiling#SYNTHESIS_MARGIN} of neighbouring latents that the
 * synthesis sees; only the tile's own latents are kept. Deterministic: the same image, model and effort
 * give the same latent. One instance per thread (SameDiff graphs are not thread-safe).
 */
public final class LatentRefinement {

    public static final int MIN_EFFORT = 1;
    public static final int MAX_EFFORT = 9;
    /**
     * Optimisation steps per tile at each effort (index = effort): effort 1 is the single pass. The top is
     * held to 24 so that effort 9 encodes a Kodak image within 30 s on two cores: 36 steps took 40 s and
     * gave 0.7% fewer bytes than effort 6's 20 on kodim01 (docs/RESULTS.md, "Encoder effort").
     */
    private static final int[] ITERATIONS = {0, 0, 4, 8, 12, 16, 20, 21, 22, 24};
    /**
     * The cap for MS-SSIM models, whose loss's gradient costs more: at 24 steps their effort 9 took 29.5 s
     * median and 32.2 s on kodim01 (quiet, warm JVM), over 30 s; so their efforts 7–9 all take 21.
     */
    private static final int MS_SSIM_MAX_ITERATIONS = 21;
    /** σ (in units of the centers' spread, as in training) from soft to nearly hard. */
    private static final double SIGMA0 = 2;
    private static final double SIGMA1 = 30;
    /** The fraction of the iterations over which σ and the hard mix are annealed; the rest are hard. */
    private static final double ANNEAL = 0.75;
    /**
     * Adam step in units of the mean gap between neighbouring centers; the system property
     * {@code sth.refine.step} overrides it (for tuning measurements). 0.15 from a first look at effort 6,
     * psnr-4, kodim01 and kodim05 (bytes, dB against effort 1): 0.05 gave −2.7%/+0.11 and −3.1%/+0.23,
     * 0.15 gave −2.9%/+0.43 and −3.6%/+0.47, 0.4 gave −0.1%/+0.59 on kodim05.
     */
    private static final double STEP = Double.parseDouble(System.getProperty("sth.refine.step", "0.15"));

    private final ModelBundle model;
    private final NetworkConfig net;
    private final float[] centers;
    private final double[][] codeLengths;
    private final ContextModel contexts;
    private final double lambda;
    private final Distortion distortion;
    private final double lr;
    private final Map<String, Graph> graphs = new HashMap<>();

    /** @param lambda the weight of bits per pixel against the distortion ({@link dev.sth.model.ModelCatalog#lambda}) */
    public LatentRefinement(ModelBundle model, double lambda) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("λ must be positive, got " + lambda);
        this.model = model;
        this.net = model.network();
        this.centers = model.centers();
        this.codeLengths = CodeLengths.of(model.priors());
        this.contexts = ContextModel.create(model.coder().contextModelId(), net.centers(), net.symbolChannels());
        this.lambda = lambda;
        this.distortion = distortion(model);
        double gap = 0;
        for (int j = 1; j < net.centers(); j++) gap += centers[j * net.vectorDim()] - centers[(j - 1) * net.vectorDim()];
        this.lr = STEP * gap / Math.max(1, net.centers() - 1);
    }

    /**
     * λ for a model outside any catalogue family: its training β, the best that the bundle alone knows
     * (the tests' tiny model; shipped levels use {@link dev.sth.model.ModelCatalog#lambda}).
     */
    public static java.util.OptionalDouble trainingBeta(ModelBundle m) {
        String beta = m.info().getProperty("train.beta");
        return beta == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(Double.parseDouble(beta));
    }

    /**
     * The level's λ: the family's slope at this level where {@code catalog} records it (its Kodak results),
     * else the model's training β; empty when neither is known.
     */
    public static java.util.OptionalDouble lambda(dev.sth.model.ModelCatalog catalog, ModelBundle m) {
        java.util.OptionalDouble l = catalog.lambda(dev.sth.model.ModelCatalog.entryOf(m));
        return l.isPresent() ? l : trainingBeta(m);
    }

    /** Why a model cannot be refined when neither its family nor its bundle gives a λ. */
    public static String noLambda(ModelBundle m) {
        return "model " + m.name() + " has no rate-distortion trade-off to refine for (no Kodak results in a family "
                + "of two or more levels, no train.beta): encoded at effort 1";
    }

    public double lambda() {
        return lambda;
    }

    static Distortion distortion(ModelBundle m) {
        return Distortion.valueOf(m.info().getProperty("train.distortion", Distortion.MSE.name()));
    }

    /** Optimisation steps per tile at an effort, for a model trained on {@code distortion}. */
    public static int iterations(int effort, Distortion distortion) {
        checkEffort(effort);
        return distortion == Distortion.MS_SSIM ? Math.min(ITERATIONS[effort], MS_SSIM_MAX_ITERATIONS) : ITERATIONS[effort];
    }

    /** Optimisation steps per tile at an effort for this model. */
    public int iterations(int effort) {
        return iterations(effort, distortion);
    }

    public static void checkEffort(int effort) {
        if (effort < MIN_EFFORT || effort > MAX_EFFORT) {
            throw new IllegalArgumentException("effort must be " + MIN_EFFORT + ".." + MAX_EFFORT + ", got " + effort);
        }
    }

    /** Tiles of a latent of lh × lw, for progress reporting. */
    public static int tiles(int lh, int lw) {
        return ceilDiv(lh, Tiling.TILE) * ceilDiv(lw, Tiling.TILE);
    }

    /**
     * The refined latent.
     *
     * @param z        the analysis output, c-order [C][lh][lw] (not modified)
     * @param rgb      the image (TYPE_INT_RGB); read a window at a time, edges repeated as the analysis pads
     * @param progress told each finished iteration (over all tiles: {@code tiles × iterations(effort)})
     */
    public float[] refine(float[] z, BufferedImage rgb, int lh, int lw, int effort, IntConsumer progress) {
        int iters = iterations(effort);
        float[] out = z.clone();
        if (iters == 0) return out;
        int done = 0;
        try {
            for (int ty = 0; ty < lh; ty += Tiling.TILE) {
                for (int tx = 0; tx < lw; tx += Tiling.TILE) {
                    int y1 = Math.min(lh, ty + Tiling.TILE);
                    int x1 = Math.min(lw, tx + Tiling.TILE);
                    done = refineTile(out, rgb, lh, lw, ty, y1, tx, x1, iters, progress, done);
                }
            }
        } finally {
            graphs.values().forEach(Graph::releaseBuffers);
        }
        // The gradient's peak is far above a single pass's: hand what it freed back to the OS, or a process
        // that refines many images (with the CLIs' allocator settings, which never trim) keeps every peak.
        NativeMemory.release();
        return out;
    }

    private int refineTile(float[] z, BufferedImage rgb, int lh, int lw, int cy0, int cy1, int cx0, int cx1, int iters,
                           IntConsumer progress, int done) {
        // Every window of an image has the same size (a full tile and its margins, or the whole latent if
        // smaller), moved inwards at the edges rather than cut: one graph and one set of buffer sizes per
        // image, so the buffers a tile frees fit the next tile exactly.
        int m = Tiling.SYNTHESIS_MARGIN;
        int wh = Math.min(lh, Tiling.TILE + 2 * m);
        int ww = Math.min(lw, Tiling.TILE + 2 * m);
        int wy0 = Math.max(0, Math.min(cy0 - m, lh - wh));
        int wx0 = Math.max(0, Math.min(cx0 - m, lw - ww));
        int c = net.latentChannels();
        int s = NetworkConfig.STRIDE;
        Graph g = graphs.computeIfAbsent(wh + "x" + ww, k -> new Graph(wh, ww));

        float[] zw = new float[c * wh * ww];
        for (int ch = 0; ch < c; ch++)
            for (int y = 0; y < wh; y++)
                System.arraycopy(z, (ch * lh + wy0 + y) * lw + wx0, zw, (ch * wh + y) * ww, ww);
        int ph = wh * s;
        int pw = ww * s;
        float[] mask = new float[ph * pw];
        for (int y = (cy0 - wy0) * s; y < (cy1 - wy0) * s; y++)
            for (int x = (cx0 - wx0) * s; x < (cx1 - wx0) * s; x++) mask[y * pw + x] = 1;
        boolean[] core = new boolean[wh * ww];
        for (int y = cy0 - wy0; y < cy1 - wy0; y++)
            for (int x = cx0 - wx0; x < cx1 - wx0; x++) core[y * ww + x] = true;

        INDArray zVar = g.sd.getArrForVarName(Graph.Z);
        zVar.data().asNioFloat().put(0, zw);
        // The gradient runs in the graph's gradient function: all its buffers are pooled and reused from one
        // iteration and one tile to the next (every window has the same size), and freed when the image is done.
        InferenceMemory memory = g.buffers();
        Map<String, INDArray> ph0 = new HashMap<>();
        ph0.put(Graph.X, Tiling.pixels(rgb, wx0 * s, wy0 * s, pw, ph));
        ph0.put(Graph.MASK, Nd4j.create(mask, new long[] {1, 1, ph, pw}, 'c'));
        ph0.put(Graph.PIXELS, Nd4j.scalar((float) ((cy1 - cy0) * (cx1 - cx0) * s * s)));
        Adam adam = new Adam();
        Map<String, INDArray> params = Map.of(Graph.Z, zVar);
        try {
            for (int it = 0; it < iters; it++) {
                double t = iters == 1 ? 1 : Math.min(1, it / (ANNEAL * (iters - 1)));
                Map<String, INDArray> feed = new HashMap<>(ph0);
                feed.put(Graph.SIGMA, Nd4j.scalar((float) (SIGMA0 * Math.pow(SIGMA1 / SIGMA0, t))));
                feed.put(Graph.HARD_MIX, Nd4j.scalar((float) t));
                feed.put(Graph.LENGTHS, lengths(zVar.data().asFloat(), wh, ww, core));
                try {
                    adam.apply(params, g.sd.calculateGradients(feed, List.of(Graph.Z)), lr);
                } finally {
                    memory.reclaim();
                    for (String k : List.of(Graph.SIGMA, Graph.HARD_MIX, Graph.LENGTHS)) feed.get(k).close();
                }
                progress.accept(++done);
            }
        } finally {
            ph0.values().forEach(INDArray::close);
            adam.state().values().forEach(INDArray::close);
        }
        float[] refined = zVar.data().asFloat();
        for (int ch = 0; ch < c; ch++)
            for (int y = cy0; y < cy1; y++)
                System.arraycopy(refined, (ch * wh + y - wy0) * ww + (cx0 - wx0), z, (ch * lh + y) * lw + cx0, cx1 - cx0);
        return done;
    }

    /**
     * Each window position's code length for every center, [wh·ww, G, L] in the quantizer's row order
     * (NHWC position, then symbol channel), in the context the current hard symbols give it; zero
     * outside the tile's own latents (the margin is charged to the tiles that own it).
     */
    private INDArray lengths(float[] zw, int wh, int ww, boolean[] core) {
        int g = net.symbolChannels();
        int l = net.centers();
        int[] syms = Quantizer.assign(zw, net.latentChannels(), wh, ww, centers, net.vectorDim());
        SymbolTensor t = SymbolTensor.of(new SymbolShape(g, wh, ww), l, syms);
        float[] out = new float[wh * ww * g * l];
        for (int c = 0; c < g; c++) {
            for (int y = 0; y < wh; y++) {
                for (int x = 0; x < ww; x++) {
                    if (!core[y * ww + x]) continue;
                    double[] len = codeLengths[contexts.contextOf(t, c, y, x)];
                    int base = ((y * ww + x) * g + c) * l;
                    for (int j = 0; j < l; j++) out[base + j] = (float) len[j];
                }
            }
        }
        return Nd4j.create(out, new long[] {(long) wh * ww, g, l}, 'c');
    }

    /** The refinement graph for one window size: the latent is the only variable. */
    private final class Graph {
        static final String Z = "z";
        static final String X = "x";
        static final String MASK = "mask";
        static final String PIXELS = "pixels";
        static final String SIGMA = "sigma";
        static final String HARD_MIX = "hardMix";
        static final String LENGTHS = "lengths";

        final SameDiff sd = SameDiff.create();
        /** The gradient pass's buffers while an image is refined; null between images. */
        private InferenceMemory buffers;

        InferenceMemory buffers() {
            if (buffers == null) buffers = Gradients.pooled(sd);
            return buffers;
        }

        void releaseBuffers() {
            if (buffers != null) buffers.close();
            buffers = null;
        }

        Graph(int wh, int ww) {
            SDVariable z = sd.var(Z, Nd4j.zeros(DataType.FLOAT, 1, net.latentChannels(), wh, ww));
            SDVariable x = sd.placeHolder(X, DataType.FLOAT, 1, 3, (long) wh * NetworkConfig.STRIDE, (long) ww * NetworkConfig.STRIDE);
            SDVariable mask = sd.placeHolder(MASK, DataType.FLOAT, 1, 1, (long) wh * NetworkConfig.STRIDE, (long) ww * NetworkConfig.STRIDE);
            SDVariable pixels = sd.placeHolder(PIXELS, DataType.FLOAT);
            SDVariable sigma = sd.placeHolder(SIGMA, DataType.FLOAT);
            SDVariable hardMix = sd.placeHolder(HARD_MIX, DataType.FLOAT);
            SDVariable len = sd.placeHolder(LENGTHS, DataType.FLOAT, -1, net.symbolChannels(), net.centers());
            SDVariable c = sd.constant("centers", Nd4j.create(centers, new long[] {net.centers(), net.vectorDim()}, 'c'));
            Quantizer.Relaxed q = Quantizer.relaxLatent(sd, z, c, sigma, hardMix, net);
            SthNetwork network = new SthNetwork(net);
            SDVariable xhat = network.synthesis(sd, q.quantized(),
                    SthNetwork.declareConstants(sd, model.synthesisWeights(), SthNetwork.SYNTHESIS));
            SDVariable d = distortion == Distortion.MSE
                    ? sd.math().square(xhat.sub(x)).mul(mask).sum().div(mask.sum().mul(3)).mul(255.0 * 255.0)
                    : MsSsimLoss.define(sd, x, xhat);
            SDVariable bpp = q.assignment().mul(len).sum().div(pixels);
            sd.setLossVariables(d.add(bpp.mul(lambda)).rename("loss"));
            Gradients.define(sd);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "refinement of %s (λ = %s, %s)", model.name(), lambda, distortion);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
