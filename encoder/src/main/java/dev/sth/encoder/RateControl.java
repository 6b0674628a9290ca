package dev.sth.encoder;

import java.io.IOException;

/**
 * Picks the highest rate level whose file fits a byte budget ({@code --size}, {@code --bpp}).
 * Levels are indexed 0 (fewest bits) to n - 1; file size grows with the level, so a binary search
 * finds the answer with 1 + ⌈log2 n⌉ encodes at most (the highest level is tried first, as it
 * fits whenever the budget is generous).
 */
public final class RateControl {

    /** Size in bytes of the file at level index {@code i} (an encode; callers keep the result). */
    @FunctionalInterface
    public interface Sizer {
        long size(int index) throws IOException;
    }

    /**
     * @param index the chosen level index
     * @param fits  false when even the lowest level exceeds the budget (then index is 0)
     */
    public record Choice(int index, boolean fits) {
    }

    private RateControl() {
    }

    public static Choice largestFitting(int levels, long budgetBytes, Sizer sizer) throws IOException {
        if (levels < 1) throw new IllegalArgumentException("no levels to choose from");
        if (sizer.size(levels - 1) <= budgetBytes) return new Choice(levels - 1, true);
        int lo = -1;          // invariant: lo fits (or is -1), hi does not fit
        int hi = levels - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (sizer.size(mid) <= budgetBytes) lo = mid;
            else hi = mid;
        }
        return lo < 0 ? new Choice(0, false) : new Choice(lo, true);
    }

    /** The byte budget of {@code bpp} bits per pixel for an image of {@code pixels} pixels. */
    public static long budgetForBpp(double bpp, long pixels) {
        return (long) Math.floor(bpp * pixels / 8.0);
    }
}
