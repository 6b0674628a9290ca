package dev.sth.format;

import java.util.List;

/**
 * How the symbols were entropy coded: which context model selects the frequency table of each
 * symbol, and how those tables adapt. Stored in the header; the context model itself lives in
 * {@code dev.sth.entropy}.
 *
 * @param contextModelId {@link #ORDER0} or {@link #NEIGHBOURS}
 * @param increment      added to a symbol's count after it is coded, 1..{@link Limits#MAX_INCREMENT}
 * @param maxTotal       a table whose total exceeds this is halved; at most {@link Limits#MAX_FREQUENCY_TOTAL}
 *                       and at least L + increment (checked against L by {@link #checkAlphabet})
 */
public record CoderParams(int contextModelId, int increment, int maxTotal) {
    /** One adaptive table for every symbol: the baseline the context model is measured against. */
    public static final int ORDER0 = 0;
    /** Table chosen by channel and already-coded neighbours (see docs/FORMAT.md). */
    public static final int NEIGHBOURS = 1;
    /** Parameters each known model stores in the header, in this order: increment, maxTotal. */
    public static final int PARAM_COUNT = 2;

    public CoderParams {
        Checks.require(contextModelId == ORDER0 || contextModelId == NEIGHBOURS,
                "unknown context model id " + contextModelId + " (known: 0 = order-0, 1 = neighbours)");
        Checks.inRange("adaptation increment", increment, 1, Limits.MAX_INCREMENT);
        Checks.inRange("maximum frequency total", maxTotal, 2, Limits.MAX_FREQUENCY_TOTAL);
    }

    /** The neighbour context model with the defaults the models are trained with. */
    public static CoderParams defaults() {
        return new CoderParams(NEIGHBOURS, 32, 1 << 16);
    }

    /** The same adaptation, another context model. */
    public CoderParams withContextModel(int id) {
        return new CoderParams(id, increment, maxTotal);
    }

    /** Halving must bring a table back under maxTotal in one step: needs maxTotal >= L + increment. */
    public void checkAlphabet(int alphabetSize) {
        Checks.require((long) alphabetSize + increment <= maxTotal,
                "maximum frequency total " + maxTotal + " is below alphabet size + increment = "
                        + ((long) alphabetSize + increment));
    }

    /** The integer parameters as stored in the header. */
    public List<Integer> headerParams() {
        return List.of(increment, maxTotal);
    }
}
