package dev.sth.format;

/** Constants of the {@code .sth} container; docs/FORMAT.md is the full specification. */
public final class SthFormat {
    private SthFormat() {}

    /**
     * PNG-style signature: a high byte (catches 7-bit transports), the name, CR LF (catches
     * line-ending conversion), ^Z (stops DOS {@code type}) and LF (catches LF to CR LF conversion).
     */
    static final byte[] MAGIC = {(byte) 0x89, 'S', 'T', 'H', '\r', '\n', 0x1A, '\n'};
    public static final int MAJOR_VERSION = 1;
    public static final int MINOR_VERSION = 0;

    /** magic (8) + major (1) + minor (1) + header length (2): where the header fields start. */
    static final int FIELDS_OFFSET = 12;
    /** Bytes of the version 1.0 header fields other than the model name and the coder parameters. */
    static final int FIXED_FIELD_BYTES = 65;
    /** Smallest header length a version 1.x file can have (1-byte name, no parameters). */
    static final int MIN_HEADER_BYTES = FIXED_FIELD_BYTES + 1;

    /** Returns a copy of the 8-byte signature every {@code .sth} file starts with. */
    public static byte[] magic() {
        return MAGIC.clone();
    }
}
