package dev.sth.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateControlTest {

    private static final long[] SIZES = {100, 180, 260, 400, 650, 900, 1400};

    @Test
    void picksTheLargestThatFitsWithFewEncodes() throws Exception {
        for (long budget = 0; budget <= 1500; budget += 10) {
            List<Integer> tried = new ArrayList<>();
            RateControl.Choice c = RateControl.largestFitting(SIZES.length, budget, i -> {
                tried.add(i);
                return SIZES[i];
            });
            int expected = -1;
            for (int i = 0; i < SIZES.length; i++) if (SIZES[i] <= budget) expected = i;
            if (expected < 0) {
                assertEquals(0, c.index());
                assertFalse(c.fits());
            } else {
                assertEquals(expected, c.index(), "budget " + budget);
                assertTrue(c.fits());
            }
            assertTrue(tried.size() <= 1 + 3, "budget " + budget + " tried " + tried); // 1 + ceil(log2 7)
        }
    }

    @Test
    void generousBudgetTakesOneEncode() throws Exception {
        List<Integer> tried = new ArrayList<>();
        RateControl.Choice c = RateControl.largestFitting(SIZES.length, 10_000, i -> {
            tried.add(i);
            return SIZES[i];
        });
        assertEquals(SIZES.length - 1, c.index());
        assertEquals(List.of(SIZES.length - 1), tried);
    }

    @Test
    void bppBudget() {
        assertEquals(1000, RateControl.budgetForBpp(0.5, 16000));
        assertEquals(0, RateControl.budgetForBpp(0.001, 100));
    }
}
