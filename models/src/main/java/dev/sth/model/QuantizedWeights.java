package dev.sth.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;

/**
 * One weight tensor compressed as in the paper's network-compression application: its values, cut into
 * consecutive d-vectors, replaced by the nearest of L learned centers; the indices entropy coded with the
 * project's own range coder (the one that codes image latents). The weights the network runs with are
 * exactly {@code centers[symbols]}.
 *
 * <p>With {@link ChannelScales} (d = 1) the centers are a grid of integer multiples of a step, and each
 * weight is centers[symbol] × in[i] × out[o] for its input and output channel.
 *
 * <p>Stored form (inside a tensor file, docs/MODELS.md): u8 d · u16 L · L×d float32 centers ·
 * u8 coder (0 order-0 adaptive, 1 neighbour contexts) · u32 length · range-coded symbols, laid out as a
 * 1 × rows × (last dim / d) symbol tensor with flat priors. The scaled form (tensor dtype 4, d = 1) has
 * no table of centers: in-channels × u8 and out-channels × u8 scale codes · f32 step · i32 kmin · u16 L ·
 * coder · length · code, centers (kmin + j) · step.
 */
public record QuantizedWeights(long[] shape, int vectorDim, float[] centers, int[] symbols, ChannelScales scales) {

    static final int MAX_VECTOR_DIM = 16;
    private static final int INCREMENT = 32;
    private static final int MAX_TOTAL = 1 << 16;

    public QuantizedWeights {
        long n = 1;
        for (long s : shape) n *= s;
        if (shape.length == 0 || shape[shape.length - 1] % vectorDim != 0 || n / vectorDim != symbols.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold "
                    + symbols.length + " vectors of " + vectorDim);
        }
        if (centers.length % vectorDim != 0 || centers.length / vectorDim < 2) {
            throw new IllegalArgumentException("need at least 2 centers of dimension " + vectorDim);
        }
        if (scales != null && (vectorDim != 1 || !scales.fits(shape))) {
            throw new IllegalArgumentException("channel scales do not fit " + Arrays.toString(shape) + " with d = " + vectorDim);
        }
        if (scales != null) {
            int zero = zeroIndex(centers);
            if (zero < 0 || !Arrays.equals(centers, scaledGrid(centers[zero + 1], -zero, centers.length))) {
                throw new IllegalArgumentException("channel-scaled centers must be a uniform grid through 0");
            }
        }
    }

    public QuantizedWeights(long[] shape, int vectorDim, float[] centers, int[] symbols) {
        this(shape, vectorDim, centers, symbols, null);
    }

    /** Hard-quantizes {@code w} (row-major d-vectors) to the nearest of {@code centers} [L][d]. */
    public static QuantizedWeights quantize(INDArray w, float[] centers, int d) {
        float[] values = w.dup('c').data().asFloat();
        return new QuantizedWeights(w.shape(), d, centers.clone(), Quantizer.assignRows(values, centers, d));
    }

    /**
     * {@code w} rounded to the grid of step {@code step} × each element's channel multiplier: symbol k − kmin
     * for w ≈ k · step · in[i] · out[o], centers kmin·step … kmax·step.
     */
    public static QuantizedWeights onScaledGrid(INDArray w, double gridStep, ChannelScales scales) {
        float step = (float) gridStep; // stored as float32, so the grid is built from exactly that
        float[] values = w.dup('c').data().asFloat();
        float[] m = scales.perElement(values.length);
        long[] k = new long[values.length];
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < values.length; i++) {
            k[i] = (long) Math.rint(values[i] / (step * m[i]));
            lo = Math.min(lo, k[i]);
            hi = Math.max(hi, k[i]);
        }
        hi = Math.max(hi, 1); // the grid always holds 0 and one step (which define it)
        if (hi - lo + 1 > 65535) throw new IllegalArgumentException("grid of " + (hi - lo + 1) + " points is too fine");
        float[] centers = scaledGrid(step, (int) lo, (int) (hi - lo + 1));
        int[] symbols = new int[values.length];
        for (int i = 0; i < values.length; i++) symbols[i] = (int) (k[i] - lo);
        return new QuantizedWeights(w.shape(), 1, centers, symbols, scales);
    }

    public int centerCount() {
        return centers.length / vectorDim;
    }

    /** The weights the network runs with: centers[symbols] (× the channel scales), in row-major order. */
    public float[] values() {
        int d = vectorDim;
        float[] v = new float[symbols.length * d];
        for (int i = 0; i < symbols.length; i++) System.arraycopy(centers, symbols[i] * d, v, i * d, d);
        if (scales != null) {
            float[] m = scales.perElement(v.length);
            for (int i = 0; i < v.length; i++) v[i] *= m[i];
        }
        return v;
    }

    public INDArray toArray() {
        return Nd4j.create(values(), shape, 'c');
    }

    /** Bytes of the stored form (centers, coder choice, length and code stream). */
    public int storedSize() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        write(new DataOutputStream(b));
        return b.size();
    }

    /** Writes the stored form; codes the symbols both ways and keeps the shorter stream. */
    void write(DataOutputStream out) throws IOException {
        if (scales != null) {
            // A scaled grid is defined by its step and first multiple: no table of centers.
            int zero = zeroIndex(centers);
            out.write(scales.in());
            out.write(scales.out());
            out.writeFloat(centers[zero + 1]);
            out.writeInt(-zero);
            out.writeShort(centerCount());
        } else {
            out.writeByte(vectorDim);
            out.writeShort(centerCount());
            ByteBuffer buf = ByteBuffer.allocate(centers.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float c : centers) buf.putFloat(c);
            out.write(buf.array());
        }
        byte[] best = null;
        int bestCoder = -1;
        for (int coder : new int[] {CoderParams.ORDER0, CoderParams.NEIGHBOURS}) {
            byte[] code = LatentCoder.encode(symbolTensor(symbols), priors(coder), params(coder));
            if (best == null || code.length < best.length) {
                best = code;
                bestCoder = coder;
            }
        }
        out.writeByte(bestCoder);
        out.writeInt(best.length);
        out.write(best);
    }

    /** The centers of a scaled grid: (kmin + j) · step for j = 0 … count − 1, as every reader computes them. */
    static float[] scaledGrid(float step, int kmin, int count) {
        float[] c = new float[count];
        for (int j = 0; j < count; j++) c[j] = (float) ((kmin + j) * (double) step);
        return c;
    }

    private static int zeroIndex(float[] centers) {
        for (int j = 0; j + 1 < centers.length; j++) if (centers[j] == 0f) return j;
        return -1;
    }

    /**
     * Reads the stored form of a tensor of {@code shape}, with channel scales first when {@code scaled};
     * every count is checked before allocation.
     */
    static QuantizedWeights read(DataInputStream in, long[] shape, boolean scaled, String source) throws IOException {
        ChannelScales scales = null;
        if (scaled) {
            if (shape.length < 2) throw new IOException(source + ": a scaled tensor needs rank >= 2, has " + shape.length);
            // Both sizes were bounded by the tensor's element limit when the shape was read.
            byte[] si = new byte[(int) shape[shape.length - 2]];
            byte[] so = new byte[(int) shape[shape.length - 1]];
            in.readFully(si);
            in.readFully(so);
            scales = new ChannelScales(si, so);
        }
        long n = 1;
        for (long s : shape) n *= s;
        int d = scaled ? 1 : in.readUnsignedByte();
        if (n < 1 || d < 1 || d > MAX_VECTOR_DIM || shape.length == 0 || shape[shape.length - 1] % d != 0) {
            throw new IOException(source + ": quantized tensor " + Arrays.toString(shape) + " has bad vector size " + d);
        }
        float[] centers;
        if (scaled) {
            float step = in.readFloat();
            int kmin = in.readInt();
            int l = in.readUnsignedShort();
            if (!(step > 0) || Float.isInfinite(step) || kmin > 0 || kmin + l <= 1 || l < 2) {
                throw new IOException(source + ": scaled grid (step " + step + ", first " + kmin + ", " + l
                        + " points) does not contain 0 and 1 steps");
            }
            centers = scaledGrid(step, kmin, l);
        } else {
            int l = in.readUnsignedShort();
            if (l < 2) throw new IOException(source + ": quantized tensor has " + l + " centers (at least 2 needed)");
            byte[] raw = new byte[l * d * 4];
            in.readFully(raw);
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            centers = new float[l * d];
            for (int i = 0; i < centers.length; i++) centers[i] = buf.getFloat();
        }
        int l = centers.length / d;
        int coder = in.readUnsignedByte();
        if (coder != CoderParams.ORDER0 && coder != CoderParams.NEIGHBOURS) {
            throw new IOException(source + ": quantized tensor uses unknown coder " + coder);
        }
        long length = in.readInt() & 0xffffffffL;
        // A range coder never needs more than ~2 bytes per symbol of a 16-bit alphabet.
        if (length > 2 * n / d + 64) throw new IOException(source + ": quantized tensor claims " + length + " code bytes");
        byte[] code = new byte[(int) length];
        in.readFully(code);
        int count = (int) (n / d);
        try {
            SymbolTensor t = LatentCoder.decode(code, shape(count, shape, d), l, priors(coder, l), params(coder));
            return new QuantizedWeights(shape, d, centers, t.toArray(), scales);
        } catch (SthFormatException e) {
            throw new IOException(source + ": quantized tensor is corrupt: " + e.getMessage(), e);
        }
    }

    private SymbolTensor symbolTensor(int[] s) {
        return SymbolTensor.of(shape(s.length, shape, vectorDim), centerCount(), s);
    }

    /** 1 × rows × columns, columns = the last dimension's vectors (a conv weight's output channels). */
    private static SymbolShape shape(int count, long[] shape, int d) {
        int cols = (int) (shape[shape.length - 1] / d);
        return new SymbolShape(1, count / cols, cols);
    }

    private ContextPriors priors(int coder) {
        return priors(coder, centerCount());
    }

    private static ContextPriors priors(int coder, int l) {
        return ContextPriors.flat(coder, l, 1);
    }

    private static CoderParams params(int coder) {
        return new CoderParams(coder, INCREMENT, MAX_TOTAL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedWeights q && vectorDim == q.vectorDim && Arrays.equals(shape, q.shape)
                && Arrays.equals(centers, q.centers) && Arrays.equals(symbols, q.symbols)
                && java.util.Objects.equals(scales, q.scales);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols) * 31 + Arrays.hashCode(centers);
    }
}
