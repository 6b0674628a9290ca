package dev.sth.entropy;

import dev.sth.format.Limits;
import dev.sth.format.SymbolShape;
import java.util.Arrays;

/**
 * The quantized latent: channels x height x width symbols, each in [0, L), stored in raster order
 * (channel, then row, then column) - the order in which they are coded.
 */
public final class SymbolTensor {
    private final SymbolShape shape;
    private final int alphabetSize;
    /** Raster-order symbols; package-private so the context model can read neighbours without copying. */
    final int[] data;

    /** An all-zero tensor. */
    public SymbolTensor(SymbolShape shape, int alphabetSize) {
        this(shape, alphabetSize, new int[shape.size()]);
    }

    private SymbolTensor(SymbolShape shape, int alphabetSize, int[] data) {
        if (alphabetSize < Limits.MIN_ALPHABET_SIZE || alphabetSize > Limits.MAX_ALPHABET_SIZE) {
            throw new IllegalArgumentException("alphabet size " + alphabetSize + " is outside "
                    + Limits.MIN_ALPHABET_SIZE + ".." + Limits.MAX_ALPHABET_SIZE);
        }
        this.shape = shape;
        this.alphabetSize = alphabetSize;
        this.data = data;
    }

    /** A tensor holding a copy of {@code symbols} (raster order), each checked to lie in [0, L). */
    public static SymbolTensor of(SymbolShape shape, int alphabetSize, int[] symbols) {
        if (symbols.length != shape.size()) {
            throw new IllegalArgumentException(symbols.length + " symbols for a tensor of shape " + shape);
        }
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] < 0 || symbols[i] >= alphabetSize) {
                throw new IllegalArgumentException("symbol " + symbols[i] + " at index " + i + " is outside [0, " + alphabetSize + ")");
            }
        }
        return new SymbolTensor(shape, alphabetSize, symbols.clone());
    }

    public SymbolShape shape() {
        return shape;
    }

    public int alphabetSize() {
        return alphabetSize;
    }

    public int get(int c, int y, int x) {
        return data[index(c, y, x)];
    }

    public void set(int c, int y, int x, int symbol) {
        if (symbol < 0 || symbol >= alphabetSize) {
            throw new IllegalArgumentException("symbol " + symbol + " is outside [0, " + alphabetSize + ")");
        }
        data[index(c, y, x)] = symbol;
    }

    private int index(int c, int y, int x) {
        if (c < 0 || c >= shape.channels() || y < 0 || y >= shape.height() || x < 0 || x >= shape.width()) {
            throw new IndexOutOfBoundsException("(" + c + ", " + y + ", " + x + ") outside " + shape);
        }
        return (c * shape.height() + y) * shape.width() + x;
    }

    /** A copy of the symbols in raster order. */
    public int[] toArray() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymbolTensor t && shape.equals(t.shape) && alphabetSize == t.alphabetSize
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return (shape.hashCode() * 31 + alphabetSize) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SymbolTensor[" + shape + ", L=" + alphabetSize + "]";
    }
}
