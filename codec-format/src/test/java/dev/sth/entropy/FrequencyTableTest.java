package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Both table layouts agree with a plain model of the adaptation rule, lookup by lookup. */
class FrequencyTableTest {

    @Property(tries = 200)
    void tablesFollowTheAdaptationRule(@ForAll @IntRange(min = 2, max = 1100) int symbols,
                                       @ForAll @IntRange(min = 1, max = 300) int increment,
                                       @ForAll long seed) {
        Random r = new Random(seed);
        int maxTotal = symbols + increment + r.nextInt(5000);
        int[] model = new int[symbols];
        for (int i = 0; i < symbols; i++) {
            model[i] = 1 + r.nextInt(r.nextBoolean() ? 3 : 5000);
        }
        AdaptiveFrequencyTable table = AdaptiveFrequencyTable.of(model, increment, maxTotal);
        while (sum(model) > maxTotal) {
            halve(model);
        }
        for (int step = 0; step < 400; step++) {
            check(model, table);
            int s = r.nextInt(4) == 0 ? r.nextInt(symbols) : 0;
            table.update(s);
            model[s] += increment;
            if (sum(model) > maxTotal) {
                halve(model);
            }
        }
        check(model, table);
    }

    private static void check(int[] model, FrequencyTable t) {
        int low = 0;
        assertEquals(sum(model), t.total());
        assertTrue(t.total() <= RangeCoder.MAX_TOTAL);
        for (int s = 0; s < model.length; s++) {
            assertEquals(model[s], t.get(s));
            assertEquals(low, t.low(s));
            assertEquals(s, t.symbolAt(low));
            assertEquals(s, t.symbolAt(low + model[s] - 1));
            low += model[s];
        }
    }

    private static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    private static void halve(int[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (a[i] + 1) >> 1;
        }
    }

    @Example
    void layoutsAreChosenBySize() {
        assertTrue(AdaptiveFrequencyTable.flat(32, 1, 100) instanceof LinearAdaptiveTable);
        assertTrue(AdaptiveFrequencyTable.flat(33, 1, 100) instanceof FenwickAdaptiveTable);
    }

    @Example
    void impossibleTablesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AdaptiveFrequencyTable.flat(100, 32, 131)); // halving could not fit
        assertThrows(IllegalArgumentException.class, () -> AdaptiveFrequencyTable.of(new int[] {1, 0}, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveFrequencyTable.flat(2, 1, (1 << 24) + 1));
    }
}
