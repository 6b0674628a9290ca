package dev.sth.entropy;

import java.util.Arrays;

/**
 * Writes symbols into a byte array by narrowing an interval (see {@link RangeCoder} for invariants).
 *
 * <p>Bytes go straight into an in-memory buffer, so a carry can be propagated by walking back over
 * the bytes already written (turning ...x FF FF into ...x+1 00 00); it never runs past the first
 * byte, because the whole code value stays below 1.0 in units of the first window.
 */
public final class RangeEncoder extends RangeCoder {
    private long low;
    private byte[] out;
    private int size;

    public RangeEncoder() {
        this(256);
    }

    /** @param expectedBytes initial buffer capacity (grows as needed) */
    public RangeEncoder(int expectedBytes) {
        out = new byte[Math.max(16, expectedBytes)];
    }

    /** Codes {@code symbol} with the probabilities of {@code table} (the table is not updated). */
    public void write(FrequencyTable table, int symbol) {
        encode(table.low(symbol), table.get(symbol), table.total());
    }

    /**
     * Codes the slot {@code [cumLow, cumLow + freq)} of {@code total}.
     * Requires {@code 0 <= cumLow}, {@code 1 <= freq}, {@code cumLow + freq <= total <= 2^24}.
     */
    public void encode(int cumLow, int freq, int total) {
        if (cumLow < 0 || freq < 1 || total > MAX_TOTAL || (long) cumLow + freq > total) {
            throw new IllegalArgumentException("bad frequency slot [" + cumLow + ", +" + freq + ") of " + total);
        }
        long unit = range / total;
        low += unit * cumLow;
        range = unit * freq;
        while (range < BOTTOM) {
            range <<= 8;
            shift();
        }
    }

    /** Moves the top byte of the window into the output, first adding any pending carry. */
    private void shift() {
        if (low >= WINDOW) {
            propagateCarry();
            low -= WINDOW;
        }
        if (size == out.length) {
            out = Arrays.copyOf(out, size * 2);
        }
        out[size++] = (byte) (low >>> (WINDOW_BITS - 8));
        low = (low << 8) & WINDOW_MASK;
    }

    private void propagateCarry() {
        int i = size - 1;
        while (i >= 0 && ++out[i] == 0) { // 0xFF + 1 wrapped to 0x00: carry on
            i--;
        }
        if (i < 0) {
            throw new IllegalStateException("carry out of the code value: the interval invariant is broken");
        }
    }

    /**
     * Ends the stream and returns it. The final value is the smallest number in the interval whose
     * bits below the top byte of the window are zero, so one byte finishes it: a decoder reads the
     * missing bytes as zeros. The stream then has exactly one byte more than there were shifts, which
     * lets {@link RangeDecoder#finish()} check that a payload was consumed exactly.
     */
    public byte[] finish() {
        low = (low + (BOTTOM - 1)) & -BOTTOM; // < old low + BOTTOM <= low + range: still inside the interval
        shift();
        byte[] result = Arrays.copyOf(out, size);
        out = new byte[0];
        return result;
    }
}
