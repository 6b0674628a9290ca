package dev.sth.model;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One half of a trained network as an inference graph: the analysis transform (image to latent)
 * for the encoder or the synthesis transform (quantized latent to image) for the decoder. Both are
 * built from {@link SthNetwork}, the definition the trainer uses.
 *
 * <p>Each runs as two graphs, split where {@link SthNetwork} splits it: the stage at the image's side, which
 * holds the largest activations (the analysis's head, the synthesis's tail), runs over horizontal strips
 * a few rows high, each with the rows of context its outputs see; the other stage runs over the whole
 * input. So one transform's peak memory is a strip's, not a tile's, and the strips' rows are a whole
 * pass's rows up to floating-point noise.
 */
public final class Transform {

    private static final String INPUT = "input";
    /**
     * System property: MB of a strip's largest activation (default 16); 0 runs each stage over its whole
     * input at once. Smaller strips lower the peak and cost more margin rows.
     */
    public static final String STRIP_PROPERTY = "sth.strip.mb";
    private static final long DEFAULT_STRIP_MB = 16;

    /**
     * A graph from {@link #INPUT} to {@code output}. Run in strips when {@code margin} &gt; 0: an input row
     * gives {@code num/den} output rows, strips start at multiples of {@code align} input rows and read
     * {@code margin} more on each side, and a row of input costs {@code widest} floats per column in the
     * stage's largest activation.
     */
    private record Stage(SameDiff sd, String output, int num, int den, int margin, int align, double widest) {
        static Stage whole(SameDiff sd, String output) {
            return new Stage(sd, output, 1, 1, 0, 1, 0);
        }
    }

    private final Stage first;
    private final Stage second;
    private final long stripBytes;
    /** Idle bytes each stage's pool keeps: the transform's budget split between its two graphs. */
    private final long stagePoolBytes = InferenceMemory.budgetBytes() / 2;

    private Transform(Stage first, Stage second, long stripBytes) {
        if (stripBytes < 0) throw new IllegalArgumentException("strip budget must be 0 or more bytes, got " + stripBytes);
        this.first = first;
        this.second = second;
        this.stripBytes = stripBytes;
    }

    /** Image [B,3,H,W] in [0,1], H and W multiples of 8, to latent [B,C,H/8,W/8]; strips as {@value #STRIP_PROPERTY} says. */
    public static Transform analysis(NetworkConfig config, Map<String, INDArray> params) {
        return analysis(config, params, stripBudgetBytes());
    }

    /** As {@link #analysis(NetworkConfig, Map)}, with strips whose largest activation is at most {@code stripBytes} (0: none). */
    public static Transform analysis(NetworkConfig config, Map<String, INDArray> params, long stripBytes) {
        SthNetwork net = new SthNetwork(config);
        SameDiff head = SameDiff.create();
        SDVariable x = head.placeHolder(INPUT, DataType.FLOAT, -1, 3, -1, -1);
        SDVariable h = net.analysisHead(head, x, SthNetwork.declare(head, params, SthNetwork.ANALYSIS));
        SameDiff tail = SameDiff.create();
        SDVariable in = tail.placeHolder(INPUT, DataType.FLOAT, -1, config.channels(), -1, -1);
        SDVariable z = net.analysisTail(tail, in, SthNetwork.declare(tail, params, SthNetwork.ANALYSIS));
        // the head's widest activation: N channels at half resolution, N/4 floats per image row and column
        Stage strips = new Stage(head, h.name(), 1, 4, SthNetwork.HEAD_MARGIN, 4, config.channels() / 4.0);
        return new Transform(strips, Stage.whole(tail, z.name()), stripBytes);
    }

    /** Quantized latent [B,C,h,w] to image [B,3,8h,8w], not clamped; strips as {@value #STRIP_PROPERTY} says. */
    public static Transform synthesis(NetworkConfig config, Map<String, INDArray> params) {
        return synthesis(config, params, stripBudgetBytes());
    }

    /** As {@link #synthesis(NetworkConfig, Map)}, with strips whose largest activation is at most {@code stripBytes} (0: none). */
    public static Transform synthesis(NetworkConfig config, Map<String, INDArray> params, long stripBytes) {
        SthNetwork net = new SthNetwork(config);
        SameDiff head = SameDiff.create();
        SDVariable z = head.placeHolder(INPUT, DataType.FLOAT, -1, config.latentChannels(), -1, -1);
        SDVariable h = net.synthesisHead(head, z, SthNetwork.declare(head, params, SthNetwork.SYNTHESIS));
        SameDiff tail = SameDiff.create();
        SDVariable in = tail.placeHolder(INPUT, DataType.FLOAT, -1, config.channels(), -1, -1);
        SDVariable x = net.synthesisTail(tail, in, SthNetwork.declare(tail, params, SthNetwork.SYNTHESIS));
        // the tail's widest activation: 4N channels (before each depth-to-space) per input row and column
        Stage strips = new Stage(tail, x.name(), 4, 1, SthNetwork.TAIL_MARGIN, 1, 4.0 * config.channels());
        return new Transform(Stage.whole(head, h.name()), strips, stripBytes);
    }

    /**
     * Runs the transform; the result is a fresh c-order array owned by the caller, and every intermediate
     * has been freed. Not thread-safe: use one instance per thread.
     */
    public INDArray apply(INDArray input) {
        try (INDArray mid = run(first, input)) {
            return run(second, mid);
        }
    }

    /** {@link #apply} as c-order floats, leaving no native memory behind. */
    public float[] applyToFloats(INDArray input) {
        try (INDArray out = apply(input)) {
            return out.data().asFloat();
        }
    }

    private INDArray run(Stage s, INDArray in) {
        long rows = in.size(2);
        long strip = rows;
        if (s.margin() > 0 && stripBytes > 0) {
            long rowBytes = (long) Math.ceil(s.widest() * in.size(0) * in.size(3) * Float.BYTES);
            strip = Math.max(s.align(), (stripBytes / rowBytes - 2L * s.margin()) / s.align() * s.align());
            // as many strips as the budget needs, evened out (fewer distinct buffer sizes for the pool to keep)
            long n = (rows + strip - 1) / strip;
            strip = ((rows + n - 1) / n + s.align() - 1) / s.align() * s.align();
        }
        if (strip >= rows) return whole(s, in);
        long[] shape = null;
        INDArray out = null;
        for (long y0 = 0; y0 < rows; y0 += strip) {
            long y1 = Math.min(rows, y0 + strip);
            long a0 = Math.max(0, y0 - s.margin()), a1 = Math.min(rows, y1 + s.margin());
            try (INDArray part = in.get(all(), all(), NDArrayIndex.interval(a0, a1), all()).dup('c');
                 INDArray o = whole(s, part)) {
                if (out == null) {
                    shape = o.shape().clone();
                    shape[2] = rows * s.num() / s.den();
                    out = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
                }
                long o0 = (y0 - a0) * s.num() / s.den();
                long n = (y1 - y0) * s.num() / s.den();
                long at = y0 * s.num() / s.den();
                out.get(all(), all(), NDArrayIndex.interval(at, at + n), all())
                        .assign(o.get(all(), all(), NDArrayIndex.interval(o0, o0 + n), all()));
            }
        }
        return out;
    }

    /** Frees the idle buffers its graphs keep, for an owner that is dropped rather than kept for reuse. */
    public void release() {
        InferenceMemory.release(first.sd());
        InferenceMemory.release(second.sd());
    }

    /** Bytes the calling thread's pools of this transform keep idle now (both stages). */
    long pooledBytes() {
        return InferenceMemory.attach(first.sd(), stagePoolBytes).pooledBytes()
                + InferenceMemory.attach(second.sd(), stagePoolBytes).pooledBytes();
    }

    private static INDArrayIndex all() {
        return NDArrayIndex.all();
    }

    private INDArray whole(Stage s, INDArray input) {
        InferenceMemory memory = InferenceMemory.attach(s.sd(), stagePoolBytes);
        try {
            return s.sd().output(Map.of(INPUT, input), s.output()).get(s.output()).dup('c');
        } finally {
            memory.reclaim();
        }
    }

    private static long stripBudgetBytes() {
        String v = System.getProperty(STRIP_PROPERTY);
        if (v == null) return DEFAULT_STRIP_MB << 20;
        try {
            long mb = Long.parseLong(v.trim());
            if (mb >= 0) return mb << 20;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(STRIP_PROPERTY + "=" + v + ": must be a whole number of MB, 0 or more");
    }
}
