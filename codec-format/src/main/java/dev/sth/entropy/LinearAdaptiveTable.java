package dev.sth.entropy;

/** Adaptive table for small alphabets: counts in an array, cumulative sums by scanning. */
final class LinearAdaptiveTable extends AdaptiveFrequencyTable {
    /** The last symbol found by symbolAt and its cumulative low, so the decoder's low() that follows is free. */
    private int foundSymbol = -1;
    private int foundLow;

    LinearAdaptiveTable(int[] counts, int total, int increment, int maxTotal) {
        super(counts, total, increment, maxTotal);
    }

    @Override
    public int low(int symbol) {
        if (symbol == foundSymbol) {
            return foundLow;
        }
        int sum = 0;
        for (int i = 0; i < symbol; i++) {
            sum += counts[i];
        }
        return sum;
    }

    @Override
    public int symbolAt(int target) {
        int last = counts.length - 1;
        int s = 0;
        int sum = 0;
        // Invariant: sum = counts below s <= target. The last symbol needs no comparison.
        while (s < last && target >= sum + counts[s]) {
            sum += counts[s];
            s++;
        }
        foundSymbol = s;
        foundLow = sum;
        return s;
    }

    @Override
    public void update(int symbol) {
        foundSymbol = -1;
        counts[symbol] += increment;
        total += increment;
        if (total > maxTotal) {
            total = (int) halve(counts);
        }
    }
}
