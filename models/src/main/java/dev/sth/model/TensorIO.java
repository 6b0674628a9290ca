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
 * u16 name length, UTF-8 name, u8 dtype (1 = float32, 2 = float16), u8 rank, rank × u32 dims,
 * then the elements, little-endian.
 */
public final class TensorIO {

    public static final int FLOAT32 = 1;
    public static final int FLOAT16 = 2;
    private static final int MAGIC = 0x53544854; // "STHT"
    private static final int VERSION = 1;
    private static final long MAX_ELEMENTS = 1L << 28;

    private TensorIO() {
    }

    public static void write(OutputStream out, Map<String, INDArray> tensors, int dtype) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeInt(tensors.size());
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            INDArray a = e.getValue();
            data.writeShort(name.length);
            data.write(name);
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

    public static Map<String, INDArray> read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) throw new IOException(source + ": not an sth tensor file (bad magic)");
        int version = data.readUnsignedByte();
        if (version != VERSION) throw new IOException(source + ": tensor file version " + version + " is not supported");
        int count = data.readInt();
        if (count < 0 || count > 10_000) throw new IOException(source + ": implausible tensor count " + count);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        long total = 0;
        for (int t = 0; t < count; t++) {
            byte[] name = new byte[data.readUnsignedShort()];
            data.readFully(name);
            int dtype = data.readUnsignedByte();
            if (dtype != FLOAT32 && dtype != FLOAT16) throw new IOException(source + ": unknown dtype " + dtype);
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
            int width = dtype == FLOAT16 ? 2 : 4;
            byte[] raw = new byte[(int) n * width];
            data.readFully(raw);
            ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[(int) n];
            for (int i = 0; i < n; i++) values[i] = width == 2 ? Half.toFloat(buf.getShort()) : buf.getFloat();
            tensors.put(new String(name, StandardCharsets.UTF_8), Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT));
        }
        return tensors;
    }
}
