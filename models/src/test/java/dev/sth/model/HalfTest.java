package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Half} against IEEE 754 binary16 written out from its definition, over all 65,536 half values:
 * value = (−1)^s · 2^(e−15) · (1 + m/1024), subnormals (−1)^s · 2^−14 · m/1024, e = 31 infinity or NaN.
 */
class HalfTest {

    /** The exact value of a half, from the definition (double holds every half exactly). */
    private static double reference(int h) {
        int s = (h >>> 15) & 1;
        int e = (h >>> 10) & 0x1f;
        int m = h & 0x3ff;
        double sign = s == 1 ? -1 : 1;
        if (e == 0x1f) return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        if (e == 0) return sign * Math.scalb(m / 1024.0, -14);
        return sign * Math.scalb(1 + m / 1024.0, e - 15);
    }

    @Test
    void everyHalfConvertsToItsExactValueAndBack() {
        for (int h = 0; h < 65536; h++) {
            double want = reference(h);
            float got = Half.toFloat((short) h);
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(got), "half " + Integer.toHexString(h));
                assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(got))), "NaN stays NaN");
                continue;
            }
            assertEquals(want, got, 0.0, "half " + Integer.toHexString(h));
            // Signed zeros are distinct halves: compare the bits, not the values.
            assertEquals(h, Half.fromFloat(got) & 0xffff, "round trip of half " + Integer.toHexString(h));
        }
    }

    @Test
    void floatsBetweenTwoHalvesRoundToTheNearestTiesToEven() {
        // Every pair of neighbouring finite positive halves: just below, at and just above their midpoint.
        for (int h = 0; h < 0x7bff; h++) {
            double lo = reference(h);
            double hi = reference(h + 1);
            double mid = (lo + hi) / 2; // exact in double
            int even = (h & 1) == 0 ? h : h + 1;
            assertEquals(even, Half.fromFloat((float) mid) & 0xffff, "tie between " + Integer.toHexString(h) + " and the next");
            float below = Math.nextDown((float) mid);
            float above = Math.nextUp((float) mid);
            if (below > lo) assertEquals(h, Half.fromFloat(below) & 0xffff, "below the midpoint after " + Integer.toHexString(h));
            if (above < hi) assertEquals(h + 1, Half.fromFloat(above) & 0xffff, "above the midpoint after " + Integer.toHexString(h));
            assertEquals(h | 0x8000, Half.fromFloat((float) -lo) & 0xffff, "negative " + Integer.toHexString(h));
        }
        // Beyond the largest half (65504), halfway to the next power: rounds to infinity.
        assertEquals(0x7c00, Half.fromFloat(65520f) & 0xffff);
        assertEquals(0x7bff, Half.fromFloat(65519f) & 0xffff);
        assertEquals(0x7c00, Half.fromFloat(Float.POSITIVE_INFINITY) & 0xffff);
        // Below half the smallest subnormal: zero.
        assertEquals(0, Half.fromFloat((float) Math.scalb(1.0, -26)) & 0xffff);
    }
}
