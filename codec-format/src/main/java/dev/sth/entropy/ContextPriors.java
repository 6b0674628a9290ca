package dev.sth.entropy;

import dev.sth.format.CoderParams;
import dev.sth.format.Limits;
import dev.sth.format.SthFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The initial counts of every context's frequency table, shipped with a model.
 *
 * <p>Measured on training latents by a {@link Builder} that runs the same context model the coder
 * runs, then normalized to integer counts in [1, 2^23] whose total per context is at most half the
 * coder's {@code maxTotal}, so adaptation still has room to move them. A context never seen in
 * training stays flat (every count 1). Immutable; safe to share between threads.
 *
 * <p>Binary form ({@link #toBytes()}), big-endian, also in docs/FORMAT.md:
 * <pre>
 *   "STHP"  u8 version=1  u8 contextModelId  u32 L  u16 channelSlots  u32 contextCount
 *   per context: u8 kind (0 = flat, 1 = explicit) then, if explicit, L counts as unsigned LEB128
 *   u32 CRC32C of everything before it
 * </pre>
 */
public final class ContextPriors {
    private static final byte[] MAGIC = "STHP".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 16;
    /** Largest count a stored prior may hold; a table built from larger totals is halved down to maxTotal. */
    public static final int MAX_COUNT = Limits.MAX_FREQUENCY_TOTAL;

    private final int contextModelId;
    private final int alphabetSize;
    private final int channelSlots;
    /** counts[context] = L counts, or null for a flat context. */
    private final int[][] counts;

    private ContextPriors(int contextModelId, int alphabetSize, int channelSlots, int[][] counts) {
        this.contextModelId = contextModelId;
        this.alphabetSize = alphabetSize;
        this.channelSlots = channelSlots;
        this.counts = counts;
    }

    /** Every context flat: what a coder uses without trained priors (and what tests use). */
    public static ContextPriors flat(int contextModelId, int alphabetSize, int channels) {
        checkAlphabet(alphabetSize);
        int slots = ContextModel.channelSlots(contextModelId, channels);
        return new ContextPriors(contextModelId, alphabetSize, slots,
                new int[ContextModel.contextCount(contextModelId, alphabetSize, slots)][]);
    }

    /** A builder for priors of {@code params}' context model over tensors with {@code channels} channels. */
    public static Builder builder(CoderParams params, int alphabetSize, int channels) {
        params.checkAlphabet(alphabetSize);
        return new Builder(params, alphabetSize, channels);
    }

    public int contextModelId() {
        return contextModelId;
    }

    public int alphabetSize() {
        return alphabetSize;
    }

    public int channelSlots() {
        return channelSlots;
    }

    public int contextCount() {
        return counts.length;
    }

    public boolean isFlat(int context) {
        return counts[context] == null;
    }

    /** The initial counts of {@code context} (a copy; all ones for a flat context). */
    public int[] counts(int context) {
        int[] c = counts[context];
        if (c == null) {
            c = new int[alphabetSize];
            Arrays.fill(c, 1);
            return c;
        }
        return c.clone();
    }

    /** A fresh adaptive table for {@code context}. */
    AdaptiveFrequencyTable newTable(int context, CoderParams params) {
        int[] c = counts[context];
        return c == null
                ? AdaptiveFrequencyTable.flat(alphabetSize, params.increment(), params.maxTotal())
                : AdaptiveFrequencyTable.of(c, params.increment(), params.maxTotal());
    }

    /** Why these priors cannot code tensors of {@code channels} channels over L symbols with {@code params}; null if they can. */
    String incompatibility(CoderParams params, int alphabetSize, int channels) {
        if (params.contextModelId() != contextModelId) {
            return "priors are for context model " + contextModelId + " but the coder uses model " + params.contextModelId();
        }
        if (alphabetSize != this.alphabetSize) {
            return "priors are for an alphabet of " + this.alphabetSize + " symbols, the tensor has " + alphabetSize;
        }
        int slots = ContextModel.channelSlots(contextModelId, channels);
        if (slots != channelSlots) {
            return "priors cover " + channelSlots + " channel slots, a tensor of " + channels + " channels needs " + slots;
        }
        if ((long) alphabetSize + params.increment() > params.maxTotal()) {
            return "maximum frequency total " + params.maxTotal() + " is below L + increment";
        }
        return null;
    }

    // ---- serialization ----

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_BYTES + counts.length * (1 + alphabetSize));
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(contextModelId);
        writeInt(out, alphabetSize);
        out.write(channelSlots >>> 8);
        out.write(channelSlots);
        writeInt(out, counts.length);
        for (int[] c : counts) {
            if (c == null) {
                out.write(0);
            } else {
                out.write(1);
                for (int v : c) {
                    while (v >= 0x80) {
                        out.write((v & 0x7F) | 0x80);
                        v >>>= 7;
                    }
                    out.write(v);
                }
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        writeInt(out, (int) crc.getValue());
        return out.toByteArray();
    }

    /**
     * Parses {@link #toBytes()} output. Checks the CRC first, then every field against its bounds;
     * memory is allocated only for contexts whose bytes are actually present.
     */
    public static ContextPriors fromBytes(byte[] b) throws SthFormatException {
        if (b.length < HEADER_BYTES + 4) {
            throw new SthFormatException(b.length, "context priors need at least " + (HEADER_BYTES + 4) + " bytes, found " + b.length);
        }
        if (!Arrays.equals(b, 0, 4, MAGIC, 0, 4)) {
            throw new SthFormatException(0, "not context priors: expected signature 'STHP'");
        }
        int end = b.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(b, 0, end);
        long stored = u32(b, end);
        if (crc.getValue() != stored) {
            throw new SthFormatException(end, String.format("context priors CRC32C mismatch: stored 0x%08X, computed 0x%08X",
                    stored, crc.getValue()));
        }
        if (b[4] != VERSION) {
            throw new SthFormatException(4, "unsupported context priors version " + (b[4] & 0xFF) + ", expected " + VERSION);
        }
        int id = b[5] & 0xFF;
        if (id != CoderParams.ORDER0 && id != CoderParams.NEIGHBOURS) {
            throw new SthFormatException(5, "unknown context model id " + id);
        }
        long alphabet = u32(b, 6);
        if (alphabet < Limits.MIN_ALPHABET_SIZE || alphabet > Limits.MAX_ALPHABET_SIZE) {
            throw new SthFormatException(6, "alphabet size " + alphabet + " is outside "
                    + Limits.MIN_ALPHABET_SIZE + ".." + Limits.MAX_ALPHABET_SIZE);
        }
        int n = (int) alphabet;
        int slots = (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
        int maxSlots = ContextModel.channelSlots(id, Limits.MAX_CONTEXT_CHANNELS);
        if (slots < 1 || slots > maxSlots) {
            throw new SthFormatException(10, "channel slots " + slots + " is outside 1.." + maxSlots);
        }
        long contexts = u32(b, 12);
        int expected = ContextModel.contextCount(id, n, slots);
        if (contexts != expected) {
            throw new SthFormatException(12, "context count " + contexts + " does not match the " + expected
                    + " of model " + id + " with L = " + n + " and " + slots + " channel slots");
        }
        int[][] counts = new int[expected][];
        int pos = HEADER_BYTES;
        for (int ctx = 0; ctx < expected; ctx++) {
            if (pos >= end) {
                throw new SthFormatException(pos, "context priors end after " + ctx + " of " + expected + " contexts");
            }
            int kind = b[pos++];
            if (kind == 0) {
                continue;
            }
            if (kind != 1) {
                throw new SthFormatException(pos - 1, "context " + ctx + " has kind " + (kind & 0xFF) + ", expected 0 (flat) or 1 (explicit)");
            }
            if (end - pos < n) { // every count takes at least one byte: check before allocating
                throw new SthFormatException(pos, "context " + ctx + " needs " + n + " counts but only " + (end - pos) + " bytes remain");
            }
            int[] c = new int[n];
            long total = 0;
            for (int s = 0; s < n; s++) {
                int start = pos;
                int value = 0;
                for (int shift = 0; ; shift += 7) {
                    if (pos >= end || shift > 21) {
                        throw new SthFormatException(start, "count " + s + " of context " + ctx + " is truncated or longer than 4 bytes");
                    }
                    int x = b[pos++];
                    value |= (x & 0x7F) << shift;
                    if ((x & 0x80) == 0) {
                        break;
                    }
                }
                if (value < 1 || value > MAX_COUNT) {
                    throw new SthFormatException(start, "count " + value + " of symbol " + s + " in context " + ctx
                            + " is outside 1.." + MAX_COUNT);
                }
                c[s] = value;
                total += value;
            }
            if (total > Limits.MAX_FREQUENCY_TOTAL) {
                throw new SthFormatException(pos, "counts of context " + ctx + " total " + total + ", more than " + Limits.MAX_FREQUENCY_TOTAL);
            }
            counts[ctx] = c;
        }
        if (pos != end) {
            throw new SthFormatException(pos, (end - pos) + " unexpected bytes after the last context");
        }
        return new ContextPriors(id, n, slots, counts);
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void checkAlphabet(int alphabetSize) {
        if (alphabetSize < Limits.MIN_ALPHABET_SIZE || alphabetSize > Limits.MAX_ALPHABET_SIZE) {
            throw new IllegalArgumentException("alphabet size " + alphabetSize + " is outside "
                    + Limits.MIN_ALPHABET_SIZE + ".." + Limits.MAX_ALPHABET_SIZE);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContextPriors p && contextModelId == p.contextModelId && alphabetSize == p.alphabetSize
                && channelSlots == p.channelSlots && Arrays.deepEquals(counts, p.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts) * 31 + alphabetSize;
    }

    @Override
    public String toString() {
        int explicit = 0;
        for (int[] c : counts) {
            explicit += c == null ? 0 : 1;
        }
        return "ContextPriors[model " + contextModelId + ", L=" + alphabetSize + ", " + counts.length + " contexts, "
                + explicit + " trained]";
    }

    /**
     * Priors from symbol counts per context ({@code seen[ctx][s]}, null for a context never seen):
     * each seen context becomes counts {@code 1 + floor(n_s * (T - L) / n)} where n is the number of
     * symbols seen in it, n_s those equal to s, and the target total
     * {@code T = max(L, min(L + n * increment, maxTotal / 2))}: a context seen a few times gets the
     * weight of those few observations, a well-measured one half the table's capacity. Integer
     * arithmetic only, so the same counts give the same priors on every machine.
     */
    public static ContextPriors fromCounts(CoderParams params, int alphabetSize, int channels, long[][] seen) {
        params.checkAlphabet(alphabetSize);
        int slots = ContextModel.channelSlots(params.contextModelId(), channels);
        int contexts = ContextModel.contextCount(params.contextModelId(), alphabetSize, slots);
        if (seen.length != contexts) {
            throw new IllegalArgumentException("counts for " + seen.length + " contexts, the model has " + contexts);
        }
        int[][] counts = new int[seen.length][];
        for (int ctx = 0; ctx < seen.length; ctx++) {
            long[] s = seen[ctx];
            if (s == null) {
                continue;
            }
            if (s.length != alphabetSize) {
                throw new IllegalArgumentException("context " + ctx + " has " + s.length + " counts, L = " + alphabetSize);
            }
            long[] raw = s.clone();
            long n = Builder.sum(raw);
            while (n > (1L << 31)) { // keeps n_s * T within a long
                for (int k = 0; k < raw.length; k++) {
                    raw[k] >>>= 1;
                }
                n = Builder.sum(raw);
            }
            if (n == 0) {
                continue;
            }
            long l = alphabetSize;
            long target = Math.max(l, Math.min(l + n * params.increment(), params.maxTotal() / 2));
            int[] c = new int[alphabetSize];
            for (int k = 0; k < alphabetSize; k++) {
                c[k] = (int) (1 + raw[k] * (target - l) / n);
            }
            counts[ctx] = c;
        }
        return new ContextPriors(params.contextModelId(), alphabetSize, slots, counts);
    }

    /**
     * Accumulates symbol counts per context over many tensors (the trainer feeds it training-set
     * latents), then {@link #build()}s priors. Integer arithmetic only, so the same latents give the
     * same bytes on every machine.
     */
    public static final class Builder {
        private final CoderParams params;
        private final int alphabetSize;
        private final int channels;
        private final ContextModel model;
        private final long[][] seen;

        private Builder(CoderParams params, int alphabetSize, int channels) {
            this.params = params;
            this.alphabetSize = alphabetSize;
            this.channels = channels;
            this.model = ContextModel.create(params.contextModelId(), alphabetSize, channels);
            this.seen = new long[model.contextCount()][];
        }

        /** Counts every symbol of {@code t} in the context the coder would give it. */
        public Builder add(SymbolTensor t) {
            if (t.alphabetSize() != alphabetSize) {
                throw new IllegalArgumentException("tensor has L = " + t.alphabetSize() + ", builder expects " + alphabetSize);
            }
            if (ContextModel.channelSlots(model.id(), t.shape().channels()) != ContextModel.channelSlots(model.id(), channels)) {
                throw new IllegalArgumentException("tensor has " + t.shape().channels() + " channels, builder expects " + channels);
            }
            int[] d = t.data;
            int i = 0;
            for (int c = 0; c < t.shape().channels(); c++) {
                for (int y = 0; y < t.shape().height(); y++) {
                    for (int x = 0; x < t.shape().width(); x++) {
                        int ctx = model.contextOf(t, c, y, x);
                        long[] s = seen[ctx];
                        if (s == null) {
                            s = seen[ctx] = new long[alphabetSize];
                        }
                        s[d[i++]]++;
                    }
                }
            }
            return this;
        }

        /** The priors of the counts seen so far ({@link ContextPriors#fromCounts}). */
        public ContextPriors build() {
            return fromCounts(params, alphabetSize, channels, seen);
        }

        private static long sum(long[] a) {
            long n = 0;
            for (long v : a) {
                n += v;
            }
            return n;
        }
    }
}
