package dev.sth.format;

/**
 * Shape of a symbol tensor: channels x height x width, coded in raster order (channel, then row, then column).
 *
 * @param channels 1 or more
 * @param height   1 or more
 * @param width    1 or more; channels x height x width at most {@link Limits#MAX_SYMBOLS}
 */
public record SymbolShape(int channels, int height, int width) {
    public SymbolShape {
        Checks.require(channels >= 1 && height >= 1 && width >= 1,
                "symbol tensor shape " + channels + "x" + height + "x" + width + " has a side below 1");
        long size = (long) channels * height * width;
        Checks.require(size <= Limits.MAX_SYMBOLS,
                "symbol tensor " + channels + "x" + height + "x" + width + " has " + size
                        + " symbols, more than the limit of " + Limits.MAX_SYMBOLS);
    }

    /** Number of symbols; fits an int because of {@link Limits#MAX_SYMBOLS}. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
