package dev.sth.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.sth.coder.ContextPriors;
import dev.sth.coder.LatentCoder;
import dev.sth.coder.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;

/**
 * One weight tensor compressed as in the paper's network-compression application: its values, cut into
 * consecutive d-vectors, replaced by the nearest of L learned centers; the indices entropy coded with the
 * project's own range coder (the one that codes image latents). The weights the network runs with are
 * exactly {@code centers[symbols]}.
 *
 * <p>Stored form (inside a tensor file, docs/MODELS.md): u8 d · u16 L · L×d float32 centers ·
 * u8 coder (0 order-0 adaptive, 1 neighbour contexts) · u32 length · range-coded symbols, laid out as a
 * 1 × rows × (last dim / d) symbol tensor with flat priors.
 */
public record QuantizedWeights(long[] shape, int vectorDim, float[] centers, int[] symbols) {

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
    }

    /** Hard-quantizes {@code w} (row-major d-vectors) to the nearest of {@code centers} [L][d]. */
    public static QuantizedWeights quantize(INDArray w, float[] centers, int d) {
        float[] values = w.dup('c').data().asFloat();
        return new QuantizedWeights(w.shape(), d, centers.clone(), Quantizer.assignRows(values, centers, d));
    }

    public int centerCount() {
        return centers.length / vectorDim;
    }

    /** The weights the network runs with: centers[symbols], in the tensor's row-major order. */
    public float[] values() {
        int d = vectorDim;
        float[] v = new float[symbols.length * d];
        for (int i = 0; i < symbols.length; i++) System.arraycopy(centers, symbols[i] * d, v, i * d, d);
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
        out.writeByte(vectorDim);
        out.writeShort(centerCount());
        ByteBuffer buf = ByteBuffer.allocate(centers.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float c : centers) buf.putFloat(c);
        out.write(buf.array());
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

    /** Reads the stored form of a tensor of {@code shape}; every count is checked before allocation. */
    static QuantizedWeights read(DataInputStream in, long[] shape, String source) throws IOException {
        int d = in.readUnsignedByte();
        long n = 1;
        for (long s : shape) n *= s;
        if (n < 1 || d < 1 || d > MAX_VECTOR_DIM || shape.length == 0 || shape[shape.length - 1] % d != 0) {
            throw new IOException(source + ": quantized tensor " + Arrays.toString(shape) + " has bad vector size " + d);
        }
        int l = in.readUnsignedShort();
        if (l < 2) throw new IOException(source + ": quantized tensor has " + l + " centers (at least 2 needed)");
        byte[] raw = new byte[l * d * 4];
        in.readFully(raw);
        ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] centers = new float[l * d];
        for (int i = 0; i < centers.length; i++) centers[i] = buf.getFloat();
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
            return new QuantizedWeights(shape, d, centers, t.toArray());
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
                && Arrays.equals(centers, q.centers) && Arrays.equals(symbols, q.symbols);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(symbols) * 31 + Arrays.hashCode(centers);
    }
}
