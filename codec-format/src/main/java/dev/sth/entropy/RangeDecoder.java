package dev.sth.entropy;

import dev.sth.format.SthFormatException;

/**
 * Reads symbols written by {@link RangeEncoder}, given the same sequence of frequency tables.
 *
 * <p>On any input it either returns symbols or throws {@link SthFormatException}: the checks below
 * keep {@code code < range} (so every quotient is a valid cumulative frequency) and stop reading
 * once more than {@link #INITIAL_BYTES}{@code - 1} zero bytes past the end would be needed, which a
 * conforming stream never asks for. Work per symbol is bounded, so it cannot hang.
 */
public final class RangeDecoder extends RangeCoder {
    private final byte[] in;
    private int pos;     // next byte of `in` to read
    private int padding; // zero bytes supplied past the end so far
    private long code;

    public RangeDecoder(byte[] codeStream) throws SthFormatException {
        this.in = codeStream;
        for (int i = 0; i < INITIAL_BYTES; i++) {
            code = (code << 8) | nextByte();
        }
    }

    /** Decodes one symbol with the probabilities of {@code table} (the table is not updated). */
    public int read(FrequencyTable table) throws SthFormatException {
        int total = table.total();
        long unit = range / total;
        long target = code / unit;
        if (target >= total) {
            throw new SthFormatException(pos, "code stream is corrupt or was coded with other probabilities"
                    + " (value past the end of the frequency table)");
        }
        int symbol = table.symbolAt((int) target);
        code -= unit * table.low(symbol);
        range = unit * table.get(symbol);
        // target < low + freq, so code < unit * freq = range still holds.
        while (range < BOTTOM) {
            range <<= 8;
            code = (code << 8) | nextByte();
        }
        return symbol;
    }

    private int nextByte() throws SthFormatException {
        if (pos < in.length) {
            return in[pos++] & 0xFF;
        }
        // A conforming stream ends with one byte of the final window; the other INITIAL_BYTES - 1 are zeros left out.
        if (++padding >= INITIAL_BYTES) {
            throw new SthFormatException(in.length, "code stream ends early: the " + in.length
                    + " bytes are not enough for the symbols the header claims");
        }
        return 0;
    }

    /**
     * Checks that the symbols used the stream exactly: a conforming stream makes the decoder read
     * every byte and then exactly {@code INITIAL_BYTES - 1} bytes of implied zero padding.
     */
    public void finish() throws SthFormatException {
        int unused = (in.length - pos) + (INITIAL_BYTES - 1 - padding);
        if (unused != 0) {
            throw new SthFormatException(pos, "code stream has " + unused + " bytes more than its symbols use");
        }
    }
}
