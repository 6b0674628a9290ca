package dev.sth.entropy;

import dev.sth.format.CoderParams;

/**
 * Context model 1: the table is chosen by the channel and by already-coded neighbours.
 *
 * <pre>
 *          NW  N  NE        (row y-1, same channel)
 *          W   ?            (row y)
 *          P = (c-1, y, x)  (same position, previous channel)
 * </pre>
 * Features (all integer; a neighbour outside the tensor reads as the fixed value m = L / 2):
 * <ul>
 *   <li>slot = min(c, slots - 1): learned channels have very different statistics;</li>
 *   <li>pred = median(W, N, W + N - NW), the LOCO-I / JPEG-LS predictor, bucketed to
 *       bv = min(L, 16) levels by {@code pred * bv / L};</li>
 *   <li>activity a = |W - NW| + |N - NW| + |NE - N| in three levels: 0, 1..T, above T, T = max(2, L / 8);</li>
 *   <li>P bucketed to bp = min(L, 4) levels by {@code P * bp / L}.</li>
 * </ul>
 * context = ((slot * bv + qv(pred)) * 3 + level(a)) * bp + qp(P), so there are at most
 * 64 x 16 x 3 x 4 = 12288 contexts whatever L is. Bucketing assumes that symbol indices are ordered
 * by center value (neighbouring indices are neighbouring centers).
 */
final class NeighbourModel extends ContextModel {
    static final int VALUE_BUCKETS = 16;
    static final int PREVIOUS_BUCKETS = 4;
    static final int ACTIVITY_LEVELS = 3;

    private final int slots;
    private final int bv;
    private final int bp;
    private final int outside;
    private final int threshold;
    /** Bucket of each symbol value, precomputed. */
    private final int[] valueBucket;
    private final int[] previousBucket;

    NeighbourModel(int alphabetSize, int slots) {
        super(alphabetSize);
        this.slots = slots;
        this.bv = Math.min(alphabetSize, VALUE_BUCKETS);
        this.bp = Math.min(alphabetSize, PREVIOUS_BUCKETS);
        this.outside = alphabetSize / 2;
        this.threshold = Math.max(2, alphabetSize / 8);
        this.valueBucket = buckets(alphabetSize, bv);
        this.previousBucket = buckets(alphabetSize, bp);
    }

    static int contextCount(int alphabetSize, int slots) {
        return slots * Math.min(alphabetSize, VALUE_BUCKETS) * ACTIVITY_LEVELS * Math.min(alphabetSize, PREVIOUS_BUCKETS);
    }

    private static int[] buckets(int alphabetSize, int count) {
        int[] b = new int[alphabetSize];
        for (int v = 0; v < alphabetSize; v++) {
            b[v] = (int) ((long) v * count / alphabetSize);
        }
        return b;
    }

    @Override
    public int id() {
        return CoderParams.NEIGHBOURS;
    }

    @Override
    public int contextCount() {
        return contextCount(alphabetSize, slots);
    }

    @Override
    public int contextOf(SymbolTensor t, int c, int y, int x) {
        int[] d = t.data;
        int h = t.shape().height();
        int w = t.shape().width();
        int i = (c * h + y) * w + x;
        int m = outside;
        int west = x > 0 ? d[i - 1] : m;
        int north = y > 0 ? d[i - w] : m;
        int northWest = x > 0 && y > 0 ? d[i - w - 1] : m;
        int northEast = y > 0 && x + 1 < w ? d[i - w + 1] : m;
        int previous = c > 0 ? d[i - h * w] : m;

        int pred = median(west, north, northWest);
        int a = Math.abs(west - northWest) + Math.abs(north - northWest) + Math.abs(northEast - north);
        // level 0 if a == 0, 1 if 0 < a <= T, 2 if a > T; sign-bit arithmetic, no data-dependent branch.
        int level = ((-a) >>> 31) + ((threshold - a) >>> 31);
        int slot = Math.min(c, slots - 1);
        return ((slot * bv + valueBucket[pred]) * ACTIVITY_LEVELS + level) * bp + previousBucket[previous];
    }

    /** median(W, N, W + N - NW): N or W at an edge, else the planar guess; always in [0, L). */
    static int median(int west, int north, int northWest) {
        // Clamping the planar guess to [min(W, N), max(W, N)] is the same median, without branches.
        return Math.max(Math.min(west, north), Math.min(Math.max(west, north), west + north - northWest));
    }
}
