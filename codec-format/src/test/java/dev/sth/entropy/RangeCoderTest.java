package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sth.format.SthFormatException;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The bare range coder with fixed tables, including extreme totals and probabilities that force carries. */
class RangeCoderTest {

    /** A fixed table over explicit counts. */
    static final class FixedTable implements FrequencyTable {
        final int[] counts;
        final int[] cum;

        FixedTable(int[] counts) {
            this.counts = counts;
            this.cum = new int[counts.length + 1];
            for (int i = 0; i < counts.length; i++) {
                cum[i + 1] = cum[i] + counts[i];
            }
        }

        public int symbolLimit() { return counts.length; }
        public int get(int s) { return counts[s]; }
        public int total() { return cum[counts.length]; }
        public int low(int s) { return cum[s]; }
        public int symbolAt(int t) {
            int s = 0;
            while (cum[s + 1] <= t) {
                s++;
            }
            return s;
        }
    }

    @Property(tries = 300)
    void randomTablesAndSymbolsRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5000) int n) throws SthFormatException {
        Random r = new Random(seed);
        FixedTable[] tables = new FixedTable[4];
        for (int k = 0; k < tables.length; k++) {
            int size = 2 + r.nextInt(r.nextBoolean() ? 8 : 300);
            int[] counts = new int[size];
            int budget = 1 << (4 + r.nextInt(21)); // totals from 16 to 2^24
            long total = 0;
            for (int i = 0; i < size; i++) {
                counts[i] = 1 + (r.nextInt(4) == 0 ? r.nextInt(Math.max(1, budget / size)) : r.nextInt(3));
                total += counts[i];
            }
            if (r.nextBoolean() && total < (1 << 24)) { // one dominant symbol: long runs of tiny steps
                counts[r.nextInt(size)] += (int) ((1 << 24) - total);
            }
            tables[k] = new FixedTable(counts);
        }
        int[] which = new int[n];
        int[] symbols = new int[n];
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < n; i++) {
            which[i] = r.nextInt(tables.length);
            FixedTable t = tables[which[i]];
            // mostly the likeliest symbol, sometimes a rare one: exercises 0xFF runs and carries
            symbols[i] = r.nextInt(5) == 0 ? r.nextInt(t.symbolLimit()) : argmax(t.counts);
            enc.write(t, symbols[i]);
        }
        byte[] code = enc.finish();
        RangeDecoder dec = new RangeDecoder(code);
        for (int i = 0; i < n; i++) {
            assertEquals(symbols[i], dec.read(tables[which[i]]), "symbol " + i);
        }
        dec.finish();
    }

    @Example
    void highestSymbolsForceLongCarryChains() throws SthFormatException {
        // Always coding the top slot of a table keeps low near the top of the interval: bytes of 0xFF, then carries.
        FixedTable t = new FixedTable(new int[] {1, (1 << 24) - 2, 1});
        RangeEncoder enc = new RangeEncoder();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            enc.write(t, i % 1000 == 999 ? 2 : 1);
        }
        byte[] code = enc.finish();
        RangeDecoder dec = new RangeDecoder(code);
        for (int i = 0; i < n; i++) {
            assertEquals(i % 1000 == 999 ? 2 : 1, dec.read(t));
        }
        dec.finish();
    }

    @Example
    void decoderRefusesStreamsOfTheWrongLength() throws SthFormatException {
        FixedTable t = new FixedTable(new int[] {3, 5, 8});
        RangeEncoder enc = new RangeEncoder();
        for (int i = 0; i < 200; i++) {
            enc.write(t, i % 3);
        }
        byte[] code = enc.finish();
        byte[] original = code.clone();
        byte[] longer = java.util.Arrays.copyOf(code, code.length + 1);
        RangeDecoder dec = new RangeDecoder(longer);
        for (int i = 0; i < 200; i++) {
            dec.read(t);
        }
        assertThrows(SthFormatException.class, dec::finish);

        assertThrows(SthFormatException.class, () -> {
            RangeDecoder d = new RangeDecoder(java.util.Arrays.copyOf(code, code.length / 2));
            for (int i = 0; i < 200; i++) {
                d.read(t);
            }
            d.finish();
        });
        // Refusing a stream leaves the caller's bytes as they were.
        assertArrayEquals(original, code);
    }

    private static int argmax(int[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }
}
