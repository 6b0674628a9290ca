package dev.sth.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, documented tensor file (see docs/MODELS.md) so that bundles do not depend on ND4J's
 * own serialization. Layout, big-endian: magic "STHT", u8 version, u32 count, then per tensor:
 * u16 name length, UTF-8 name, u8 dtype (1 = float32, 2 = float16, 3 = quantized, 4 = quantized with
 * channel scales), u8 rank, rank × u32 dims, then the elements, little-endian, or for dtypes 3 and 4 the
 * {@link QuantizedWeights} stored form. Version 2 files may hold dtype 3, version 3 files also dtype 4;
 * older versions are read as before. A writer uses the lowest version its tensors need.
 */
public final class TensorIO {

    public static final int FLOAT32 = 1;
    public static final int FLOAT16 = 2;
    public static final int QUANTIZED = 3;
    public static final int QUANTIZED_SCALED = 4;
    private static final int MAGIC = 0x53544854; // "STHT"
    private static final int VERSION = 1;
    private static final int VERSION_QUANTIZED = 2;
    private static final int VERSION_SCALED = 3;
    private static final long MAX_ELEMENTS = 1L << 28;

    private TensorIO() {
    }

    /** What a tensor file holds: every tensor as an array, and the stored form of the quantized ones. */
    public record Contents(Map<String, INDArray> arrays, Map<String, QuantizedWeights> quantized) {
    }

    public static void write(OutputStream out, Map<String, INDArray> tensors, int dtype) throws IOException {
        write(out, tensors, dtype, Map.of());
    }

    /**
     * Writes {@code tensors} as {@code dtype}, except those named in {@code quantized}, which are
     * written in their quantized form (their array in {@code tensors}, if any, is ignored). Name order.
     */
    public static void write(OutputStream out, Map<String, INDArray> tensors, int dtype,
                             Map<String, QuantizedWeights> quantized) throws IOException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(tensors.keySet());
        names.addAll(quantized.keySet());
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        boolean scaled = quantized.values().stream().anyMatch(q -> q.scales() != null);
        data.writeByte(scaled ? VERSION_SCALED : quantized.isEmpty() ? VERSION : VERSION_QUANTIZED);
        data.writeInt(names.size());
        for (String key : names) {
            byte[] name = key.getBytes(StandardCharsets.UTF_8);
            data.writeShort(name.length);
            data.write(name);
            QuantizedWeights q = quantized.get(key);
            if (q != null) {
                data.writeByte(q.scales() != null ? QUANTIZED_SCALED : QUANTIZED);
                data.writeByte(q.shape().length);
                for (long dim : q.shape()) data.writeInt((int) dim);
                q.write(data);
                continue;
            }
            INDArray a = tensors.get(key);
            data.writeByte(dtype);
            data.writeByte(a.rank());
            for (long dim : a.shape()) data.writeInt((int) dim);
            float[] values = a.dup('c').data().asFloat();
            ByteBuffer buf = ByteBuffer.allocate(values.length * (dtype == FLOAT16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (dtype == FLOAT16) buf.putShort(Half.fromFloat(v));
                else buf.putFloat(v);
            }
            data.write(buf.array());
        }
        data.flush();
    }

    /** Every tensor as an array; quantized tensors come back as their exact centers[symbols] values. */
    public static Map<String, INDArray> read(InputStream in, String source) throws IOException {
        return readAll(in, source).arrays();
    }

    public static Contents readAll(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) throw new IOException(source + ": not an sth tensor file (bad magic)");
        int version = data.readUnsignedByte();
        if (version != VERSION && version != VERSION_QUANTIZED && version != VERSION_SCALED) {
            throw new IOException(source + ": tensor file version " + version + " is not supported");
        }
        int count = data.readInt();
        if (count < 0 || count > 10_000) throw new IOException(source + ": implausible tensor count " + count);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        Map<String, QuantizedWeights> quantized = new LinkedHashMap<>();
        long total = 0;
        for (int t = 0; t < count; t++) {
            byte[] name = new byte[data.readUnsignedShort()];
            data.readFully(name);
            int dtype = data.readUnsignedByte();
            boolean known = dtype == FLOAT32 || dtype == FLOAT16 || (dtype == QUANTIZED && version >= VERSION_QUANTIZED)
                    || (dtype == QUANTIZED_SCALED && version >= VERSION_SCALED);
            if (!known) throw new IOException(source + ": unknown dtype " + dtype);
            int rank = data.readUnsignedByte();
            if (rank > 8) throw new IOException(source + ": rank " + rank + " too large");
            long[] shape = new long[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = data.readInt() & 0xffffffffL;
                n *= shape[i];
                if (n > MAX_ELEMENTS) throw new IOException(source + ": tensor too large");
            }
            total += n;
            if (total > MAX_ELEMENTS) throw new IOException(source + ": tensors too large in total");
            String key = new String(name, StandardCharsets.UTF_8);
            if (dtype == QUANTIZED || dtype == QUANTIZED_SCALED) {
                QuantizedWeights q = QuantizedWeights.read(data, shape, dtype == QUANTIZED_SCALED, source + "!" + key);
                quantized.put(key, q);
                tensors.put(key, q.toArray());
                continue;
            }
            int width = dtype == FLOAT16 ? 2 : 4;
            byte[] raw = new byte[(int) n * width];
            data.readFully(raw);
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[(int) n];
            for (int i = 0; i < n; i++) values[i] = width == 2 ? Half.toFloat(buf.getShort()) : buf.getFloat();
            tensors.put(key, Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT));
        }
        return new Contents(tensors, quantized);
    }
}
