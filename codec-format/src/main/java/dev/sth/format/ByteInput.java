package dev.sth.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The reader's view of its input: an array or a stream, with the current offset for error messages.
 *
 * <p>A claimed length is never allocated up front from a stream: data is gathered in blocks of at
 * most {@link #BLOCK} bytes and the buffer grows only as bytes actually arrive, so a chunk that
 * claims a gigabyte in a 100-byte file costs 64 KiB before the truncation is noticed.
 */
final class ByteInput {
    static final int BLOCK = 1 << 16;

    private final byte[] array;      // array mode when non-null
    private final InputStream stream; // stream mode otherwise
    private long offset;

    private ByteInput(byte[] array, InputStream stream) {
        this.array = array;
        this.stream = stream;
    }

    static ByteInput of(byte[] data) {
        return new ByteInput(data, null);
    }

    static ByteInput of(InputStream in) {
        return new ByteInput(null, in);
    }

    long offset() {
        return offset;
    }

    /** Bytes left, or -1 when reading a stream (unknown until it ends). */
    long remaining() {
        return array == null ? -1 : array.length - offset;
    }

    /**
     * Reads exactly {@code n} bytes of {@code what}.
     *
     * @throws SthFormatException at the offset where the input ended, if it ends early
     */
    byte[] read(int n, String what) throws IOException {
        if (array != null) {
            if (n > array.length - offset) {
                throw truncated(n, array.length - offset, what);
            }
            byte[] out = Arrays.copyOfRange(array, (int) offset, (int) offset + n);
            offset += n;
            return out;
        }
        byte[] out = new byte[Math.min(n, BLOCK)];
        int have = 0;
        while (have < n) {
            if (have == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int got = stream.read(out, have, Math.min(out.length - have, BLOCK));
            if (got < 0) {
                throw truncated(n, have, what);
            }
            have += got;
        }
        offset += n;
        return out;
    }

    int readU8(String what) throws IOException {
        return read(1, what)[0] & 0xFF;
    }

    int readU16(String what) throws IOException {
        byte[] b = read(2, what);
        return (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
    }

    long readU32(String what) throws IOException {
        return u32(read(4, what), 0);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private SthFormatException truncated(long wanted, long have, String what) {
        return new SthFormatException(offset + have, "input ends after " + have + " of the " + wanted
                + " bytes of " + what + " (file truncated?)");
    }
}
