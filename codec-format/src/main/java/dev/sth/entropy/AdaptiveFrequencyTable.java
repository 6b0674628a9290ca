package dev.sth.entropy;

/**
 * A frequency table that learns: after a symbol is coded its count grows by {@code increment}, and
 * when the total passes {@code maxTotal} every count is halved, rounding up ({@code c -> (c + 1) >> 1},
 * so no count reaches zero). Halving keeps the total bounded and lets the table follow statistics
 * that drift. The same rule runs at the decoder, in integers, so both sides stay in step.
 *
 * <p>Two layouts: a plain count array scanned linearly for small alphabets (a scan of 4-32 ints beats
 * any index), and a Fenwick tree for large ones (O(log L) per lookup and update).
 */
public abstract sealed class AdaptiveFrequencyTable implements FrequencyTable
        permits LinearAdaptiveTable, FenwickAdaptiveTable {
    /** Alphabets up to this size use the linear table. */
    static final int LINEAR_LIMIT = 32;

    final int increment;
    final int maxTotal;
    /** The counts, owned by this table; subclasses keep their cumulative structure in step. */
    final int[] counts;
    int total;

    AdaptiveFrequencyTable(int[] counts, int total, int increment, int maxTotal) {
        this.counts = counts;
        this.total = total;
        this.increment = increment;
        this.maxTotal = maxTotal;
    }

    @Override
    public int symbolLimit() {
        return counts.length;
    }

    @Override
    public int get(int symbol) {
        return counts[symbol];
    }

    @Override
    public int total() {
        return total;
    }

    /**
     * A table starting from {@code initialCounts} (each at least 1; copied), halved at once as often as
     * needed to bring the total to at most {@code maxTotal}.
     *
     * @param maxTotal at least {@code initialCounts.length + increment}, at most 2^24
     */
    public static AdaptiveFrequencyTable of(int[] initialCounts, int increment, int maxTotal) {
        int n = initialCounts.length;
        if (n < 2 || increment < 1 || maxTotal > RangeCoder.MAX_TOTAL || (long) n + increment > maxTotal) {
            throw new IllegalArgumentException("table of " + n + " symbols cannot adapt by " + increment
                    + " under a total of " + maxTotal);
        }
        long total = 0;
        for (int c : initialCounts) {
            if (c < 1) {
                throw new IllegalArgumentException("count " + c + " is below 1");
            }
            total += c;
        }
        int[] counts = initialCounts.clone();
        while (total > maxTotal) {
            total = halve(counts);
        }
        return n <= LINEAR_LIMIT
                ? new LinearAdaptiveTable(counts, (int) total, increment, maxTotal)
                : new FenwickAdaptiveTable(counts, (int) total, increment, maxTotal);
    }

    /** Every symbol with count 1. */
    public static AdaptiveFrequencyTable flat(int symbols, int increment, int maxTotal) {
        int[] ones = new int[symbols];
        java.util.Arrays.fill(ones, 1);
        return of(ones, increment, maxTotal);
    }

    /** Adds {@code increment} to the symbol's count, halving all counts if the total passes {@code maxTotal}. */
    public abstract void update(int symbol);

    /** Halves every count rounding up; returns the new total. */
    static long halve(int[] counts) {
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (counts[i] + 1) >>> 1;
            total += counts[i];
        }
        return total;
    }
}
