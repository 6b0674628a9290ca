package dev.sth.format;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Small valid headers and files, and helpers to forge variants of their bytes. */
public final class Fixtures {
    private Fixtures() {}

    public static final ModelId MODEL = ModelId.hashing("sth-test-model", "weights".getBytes(StandardCharsets.UTF_8));

    /** A 150x100 RGB image, stride 8, C = 32, d = 8, L = 6: symbols 4 x 13 x 19. */
    public static SthHeader header() {
        return new SthHeader(new ImageInfo(150, 100, 3, 8), MODEL, new LatentInfo(8, 32, 8, 6), CoderParams.defaults());
    }

    /** A small file with an arbitrary payload (the container does not decode it). */
    public static SthFile file(byte[] payload) {
        return new SthFile(header(), payload);
    }

    public static int u32(byte[] b, int at) {
        return (int) ByteInput.u32(b, at);
    }

    /** Recomputes the header CRC of a file's bytes (after a test edited the header on purpose). */
    public static void fixHeaderCrc(byte[] file) {
        int length = (file[10] & 0xFF) << 8 | (file[11] & 0xFF);
        int end = SthFormat.FIELDS_OFFSET + length;
        CRC32C crc = new CRC32C();
        crc.update(file, 0, end);
        SthWriter.putInt(file, end, (int) crc.getValue());
    }

    /** Offset of the first chunk (just after the header CRC). */
    public static int firstChunkOffset(byte[] file) {
        int length = (file[10] & 0xFF) << 8 | (file[11] & 0xFF);
        return SthFormat.FIELDS_OFFSET + length + 4;
    }

    /** Bytes of one chunk with a correct CRC. */
    public static byte[] chunk(String type, byte[] data) {
        byte[] out = new byte[12 + data.length];
        SthWriter.putInt(out, 0, data.length);
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, out, 4, 4);
        System.arraycopy(data, 0, out, 8, data.length);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, 8 + data.length);
        SthWriter.putInt(out, 8 + data.length, (int) crc.getValue());
        return out;
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The header block of {@code h} (signature through header CRC). */
    public static byte[] headerBytes(SthHeader h) {
        return SthWriter.headerBytes(h);
    }
}
