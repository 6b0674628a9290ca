package dev.sth.entropy;

/**
 * Integer symbol frequencies: the only probability model the range coder sees.
 *
 * <p>Symbols are {@code 0 .. symbolLimit() - 1}, each with frequency {@code get(s) >= 1}; symbol
 * {@code s} owns the slot {@code [low(s), low(s) + get(s))} of {@code [0, total())}.
 */
public interface FrequencyTable {
    /** Number of symbols, L. */
    int symbolLimit();

    /** Frequency of {@code symbol}, at least 1. */
    int get(int symbol);

    /** Sum of all frequencies, at most 2^24. */
    int total();

    /** Sum of the frequencies of the symbols below {@code symbol}. */
    int low(int symbol);

    /** The symbol whose slot contains {@code target}, for {@code 0 <= target < total()}. */
    int symbolAt(int target);
}
