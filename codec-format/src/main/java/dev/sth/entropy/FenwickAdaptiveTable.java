package dev.sth.entropy;

/**
 * Adaptive table for large alphabets: a Fenwick (binary indexed) tree over the counts gives
 * cumulative sums, lookups by cumulative value and updates in O(log L).
 */
final class FenwickAdaptiveTable extends AdaptiveFrequencyTable {
    /** tree[i] (1-based) = sum of counts[i - lowbit(i) .. i - 1]. */
    private final int[] tree;
    /** Highest power of two not above L: where the descent in symbolAt starts. */
    private final int topStep;

    FenwickAdaptiveTable(int[] counts, int total, int increment, int maxTotal) {
        super(counts, total, increment, maxTotal);
        this.tree = new int[counts.length + 1];
        this.topStep = Integer.highestOneBit(counts.length);
        rebuild();
    }

    private void rebuild() {
        int n = counts.length;
        for (int i = 1; i <= n; i++) {
            tree[i] = counts[i - 1];
        }
        for (int i = 1; i <= n; i++) {
            int parent = i + (i & -i);
            if (parent <= n) {
                tree[parent] += tree[i];
            }
        }
    }

    @Override
    public int low(int symbol) {
        int sum = 0;
        for (int i = symbol; i > 0; i -= i & -i) {
            sum += tree[i];
        }
        return sum;
    }

    @Override
    public int symbolAt(int target) {
        // Descend: find the largest prefix length whose sum is <= target; that prefix's length is the symbol.
        int pos = 0;
        for (int step = topStep; step > 0; step >>>= 1) {
            int next = pos + step;
            if (next <= counts.length && tree[next] <= target) {
                pos = next;
                target -= tree[next];
            }
        }
        return pos;
    }

    @Override
    public void update(int symbol) {
        counts[symbol] += increment;
        total += increment;
        if (total > maxTotal) {
            total = (int) halve(counts);
            rebuild();
            return;
        }
        for (int i = symbol + 1; i <= counts.length; i += i & -i) {
            tree[i] += increment;
        }
    }
}
