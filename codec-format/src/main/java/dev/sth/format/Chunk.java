package dev.sth.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A chunk of a {@code .sth} file: a four-letter ASCII type and its data.
 *
 * <p>PNG's convention: an upper-case first letter marks a critical chunk (a reader that does not
 * know it must refuse the file), a lower-case one an ancillary chunk (a reader that does not know it
 * skips it). Version 1 defines the critical chunks {@link #PAYLOAD} and {@link #END} and no
 * ancillary ones; applications may add ancillary chunks (metadata, ICC profile, ...).
 *
 * @param type four ASCII letters A-Z / a-z
 * @param data the chunk's bytes (copied in and out)
 */
public record Chunk(String type, byte[] data) {
    /** The coded symbols (critical, exactly one). */
    public static final String PAYLOAD = "SYMB";
    /** The last chunk, empty (critical): without it a file is truncated. */
    public static final String END = "SEND";

    public Chunk {
        Checks.require(isValidType(type), "chunk type " + quote(type) + " is not four ASCII letters");
        Checks.require(data != null, "chunk data is null");
        Checks.require(data.length <= Limits.MAX_CHUNK_BYTES, "chunk data has more than " + Limits.MAX_CHUNK_BYTES + " bytes");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public boolean isCritical() {
        return isCritical(type);
    }

    static boolean isCritical(String type) {
        return Character.isUpperCase(type.charAt(0));
    }

    static boolean isValidType(String type) {
        if (type == null || type.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (!isAsciiLetter(type.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAsciiLetter(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static byte[] typeBytes(String type) {
        return type.getBytes(StandardCharsets.US_ASCII);
    }

    static String quote(String type) {
        return type == null ? "null" : "'" + type + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chunk c && type.equals(c.type) && Arrays.equals(data, c.data);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Chunk[" + type + ", " + data.length + " bytes]";
    }
}
