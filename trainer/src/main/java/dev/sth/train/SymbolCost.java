package dev.sth.train;

/** Bits to code a symbol tensor. Order-0 empirical entropy until the context coder is wired in. */
final class SymbolCost {
    private SymbolCost() {
    }

    static double bits(int[] symbols, int alphabet) {
        int[] counts = new int[alphabet];
        for (int s : symbols) counts[s]++;
        double bits = 0;
        for (int c : counts) if (c > 0) bits -= c * (Math.log((double) c / symbols.length) / Math.log(2));
        return bits;
    }
}
