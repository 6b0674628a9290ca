package dev.sth.entropy;

import dev.sth.format.CoderParams;
import dev.sth.format.Limits;

/**
 * Chooses which frequency table codes each symbol, from symbols coded before it.
 *
 * <p>Symbols are coded in raster order over (channel, y, x); {@link #contextOf} may look only at
 * positions earlier in that order, so the decoder, which fills the tensor in the same order, computes
 * the same context. Contexts are numbered {@code 0 .. contextCount() - 1}; each owns one adaptive
 * table, initialised from {@link ContextPriors}.
 */
public abstract sealed class ContextModel permits Order0Model, NeighbourModel {
    final int alphabetSize;

    ContextModel(int alphabetSize) {
        this.alphabetSize = alphabetSize;
    }

    /** The model with id {@code contextModelId} for an alphabet of L symbols and {@code channels} symbol channels. */
    public static ContextModel create(int contextModelId, int alphabetSize, int channels) {
        return switch (contextModelId) {
            case CoderParams.ORDER0 -> new Order0Model(alphabetSize);
            case CoderParams.NEIGHBOURS -> new NeighbourModel(alphabetSize, channelSlots(contextModelId, channels));
            default -> throw new IllegalArgumentException("unknown context model id " + contextModelId);
        };
    }

    /** Channels that get their own contexts: 1 for order-0, else min(channels, 64). */
    public static int channelSlots(int contextModelId, int channels) {
        return contextModelId == CoderParams.ORDER0 ? 1 : Math.min(channels, Limits.MAX_CONTEXT_CHANNELS);
    }

    /** Number of contexts of model {@code contextModelId} with {@code slots} channel slots. */
    public static int contextCount(int contextModelId, int alphabetSize, int slots) {
        return switch (contextModelId) {
            case CoderParams.ORDER0 -> 1;
            case CoderParams.NEIGHBOURS -> NeighbourModel.contextCount(alphabetSize, slots);
            default -> throw new IllegalArgumentException("unknown context model id " + contextModelId);
        };
    }

    public abstract int id();

    public int alphabetSize() {
        return alphabetSize;
    }

    public abstract int contextCount();

    /**
     * The context of position (c, y, x), reading only earlier positions of {@code t}.
     * (Later positions may hold anything: the decoder has not filled them yet.)
     */
    public abstract int contextOf(SymbolTensor t, int c, int y, int x);
}
