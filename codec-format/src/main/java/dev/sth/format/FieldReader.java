package dev.sth.format;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads big-endian header fields from the (already checksummed) header block, range-checking each. */
final class FieldReader {
    private final byte[] fields;
    private final long base; // file offset of fields[0]
    private int pos;

    FieldReader(byte[] fields, long base) {
        this.fields = fields;
        this.base = base;
    }

    long offset() {
        return base + pos;
    }

    int position() {
        return pos;
    }

    private byte[] take(int n, String what) throws SthFormatException {
        if (n > fields.length - pos) {
            throw new SthFormatException(offset(), "header ends inside " + what + ": the header length field says "
                    + fields.length + " bytes but the fields need more");
        }
        byte[] out = Arrays.copyOfRange(fields, pos, pos + n);
        pos += n;
        return out;
    }

    /** An unsigned big-endian integer of {@code bytes} bytes that must lie in [min, max]. */
    int unsigned(int bytes, String what, long min, long max) throws SthFormatException {
        long at = offset();
        byte[] b = take(bytes, what);
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xFF);
        }
        if (v < min || v > max) {
            throw new SthFormatException(at, what + " " + v + " is outside the allowed range " + min + ".." + max);
        }
        return (int) v;
    }

    int signed32(String what) throws SthFormatException {
        byte[] b = take(4, what);
        return (int) ByteInput.u32(b, 0);
    }

    byte[] bytes(int n, String what) throws SthFormatException {
        return take(n, what);
    }

    String utf8(int n, String what) throws SthFormatException {
        long at = offset();
        byte[] b = take(n, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new SthFormatException(at, what + " is not valid UTF-8");
        }
    }
}
