package dev.sth.format;

/**
 * Every size a reader accepts, in one place.
 *
 * <p>A reader checks a claimed size against these limits before it allocates anything for it, so
 * that a short hostile file cannot make it reserve gigabytes. Writers are held to the same limits.
 */
public final class Limits {
    private Limits() {}

    /** Image width and height: 1..MAX_SIDE pixels each. */
    public static final int MAX_SIDE = 65536;
    /** Width times height. */
    public static final long MAX_PIXELS = 1L << 28;
    /** UTF-8 bytes of a model name (at least one). */
    public static final int MAX_MODEL_NAME_BYTES = 255;
    /** Network stride: 1..MAX_STRIDE. */
    public static final int MAX_STRIDE = 128;
    /** Latent channels C: 1..MAX_LATENT_CHANNELS. */
    public static final int MAX_LATENT_CHANNELS = 4096;
    /** Alphabet size L (number of quantizer centers). */
    public static final int MIN_ALPHABET_SIZE = 2;
    public static final int MAX_ALPHABET_SIZE = 65536;
    /** Symbols in one symbol tensor (channels x height x width); an int[] of this size is 1 GiB. */
    public static final long MAX_SYMBOLS = 1L << 28;
    /** Integer parameters of a context model stored in the header. */
    public static final int MAX_CODER_PARAMS = 16;
    /** Bytes of header fields (the header-length field of the file). */
    public static final int MAX_HEADER_BYTES = 4096;
    /** Data bytes of any one chunk. */
    public static final int MAX_CHUNK_BYTES = 1 << 30;
    /** Ancillary chunks kept by a reader, and their data bytes all together. */
    public static final int MAX_ANCILLARY_CHUNKS = 1024;
    public static final long MAX_ANCILLARY_BYTES = 1L << 26;
    /** Adaptation increment of a frequency table: 1..MAX_INCREMENT. */
    public static final int MAX_INCREMENT = 1 << 16;
    /** Largest total of a frequency table (the range coder keeps 24 bits of precision above it). */
    public static final int MAX_FREQUENCY_TOTAL = 1 << 24;
    /** Latent channels that get their own contexts; later channels share the last slot. */
    public static final int MAX_CONTEXT_CHANNELS = 64;

    /**
     * Largest code stream a conforming encoder can produce for {@code symbols} symbols: no symbol
     * costs more than 24 bits (every frequency is at least 1 of a total of at most 2^24), plus the
     * final byte and slack. A payload chunk claiming more is refused before it is read.
     */
    public static long maxCodeStreamBytes(long symbols) {
        return 3 * symbols + 16;
    }
}
