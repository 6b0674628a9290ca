package dev.sth.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes {@code .sth} version 1.0: signature, header, the ancillary chunks, the payload chunk and the
 * end chunk. All integers are big-endian; every checksum is CRC32C.
 */
public final class SthWriter {
    private SthWriter() {}

    public static void write(OutputStream out, SthFile file) throws IOException {
        out.write(toBytes(file));
    }

    public static byte[] toBytes(SthFile file) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(file.payload().length + 256);
            DataOutputStream out = new DataOutputStream(bytes);
            writeHeader(out, file.header());
            for (Chunk c : file.ancillary()) {
                writeChunk(out, c.type(), c.data());
            }
            writeChunk(out, Chunk.PAYLOAD, file.payload());
            writeChunk(out, Chunk.END, new byte[0]);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
    }

    /** The header block: signature, version, field length, fields, CRC32C of all of them. */
    static byte[] headerBytes(SthHeader h) {
        byte[] fields = headerFields(h);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(fields.length + 16);
        bytes.writeBytes(SthFormat.MAGIC);
        bytes.write(SthFormat.MAJOR_VERSION);
        bytes.write(SthFormat.MINOR_VERSION);
        bytes.write(fields.length >>> 8);
        bytes.write(fields.length);
        bytes.writeBytes(fields);
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        int value = (int) crc.getValue();
        bytes.write(value >>> 24);
        bytes.write(value >>> 16);
        bytes.write(value >>> 8);
        bytes.write(value);
        return bytes.toByteArray();
    }

    private static void writeHeader(DataOutputStream out, SthHeader h) throws IOException {
        out.write(headerBytes(h));
    }

    /** The version 1.0 header fields, in the order of docs/FORMAT.md. */
    private static byte[] headerFields(SthHeader h) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            ImageInfo image = h.image();
            out.writeInt(image.width());
            out.writeInt(image.height());
            out.writeByte(image.channels());
            out.writeByte(image.bitDepth());
            byte[] name = h.model().name().getBytes(StandardCharsets.UTF_8);
            out.writeByte(name.length);
            out.write(name);
            out.write(h.model().sha256());
            LatentInfo latent = h.latent();
            out.writeByte(latent.stride());
            out.writeShort(latent.latentChannels());
            out.writeShort(latent.vectorDim());
            out.writeInt(latent.alphabetSize());
            SymbolShape shape = h.symbolShape();
            out.writeShort(shape.channels());
            out.writeInt(shape.height());
            out.writeInt(shape.width());
            out.writeShort(h.coder().contextModelId());
            out.writeByte(CoderParams.PARAM_COUNT);
            for (int p : h.coder().headerParams()) {
                out.writeInt(p);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
    }

    private static void writeChunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, data.length);
        System.arraycopy(Chunk.typeBytes(type), 0, head, 4, 4);
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(data);
        out.write(head);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
