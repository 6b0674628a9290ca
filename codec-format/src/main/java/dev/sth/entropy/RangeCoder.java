package dev.sth.entropy;

/**
 * The interval arithmetic shared by {@link RangeEncoder} and {@link RangeDecoder}.
 *
 * <p>Both sides narrow an interval of width {@code range} symbol by symbol. The encoder also tracks
 * the interval's lower end {@code low}; the decoder tracks {@code code}, the distance from that lower
 * end to the number its input bytes spell. All arithmetic is on {@code long}s; nothing rounds
 * differently on another machine.
 *
 * <p>Invariants between symbols (W = 56 bits of window, B = 2^48):
 * <ul>
 *   <li>{@code B <= range <= 2^56 - 1}. Coding a symbol multiplies the range by at least
 *       1/2^24, so at most three bytes are shifted per symbol.</li>
 *   <li>The frequency total is at most 2^24, so {@code unit = range / total >= 2^24}: truncating
 *       the division loses less than {@code total / range <= 2^-24} of the interval.</li>
 *   <li>Encoder: {@code 0 <= low < 2^57} and {@code low + range <= 2^57}. Bit 56 of {@code low} is a
 *       carry into the bytes already written; it is resolved at the next shift.</li>
 *   <li>Decoder: {@code 0 <= code < range}. A stream breaking this is corrupt.</li>
 * </ul>
 *
 * <p>A symbol with cumulative frequency {@code [cumLow, cumLow + freq)} of {@code total} maps to
 * {@code low += unit * cumLow; range = unit * freq}; then, while {@code range < B}, one byte leaves
 * (or enters) the window and {@code range <<= 8}.
 */
abstract class RangeCoder {
    static final int WINDOW_BITS = 56;
    static final long WINDOW = 1L << WINDOW_BITS;
    static final long WINDOW_MASK = WINDOW - 1;
    /** Renormalization threshold B: range never stays below it. */
    static final long BOTTOM = 1L << (WINDOW_BITS - 8);
    /** Largest frequency total the coder accepts. */
    static final int MAX_TOTAL = 1 << 24;
    /** Bytes the decoder reads before the first symbol. */
    static final int INITIAL_BYTES = WINDOW_BITS / 8;

    /** Width of the current interval. */
    protected long range = WINDOW - 1;
}
