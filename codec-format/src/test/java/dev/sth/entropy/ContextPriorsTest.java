package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContextPriorsTest {
    private static final SymbolShape SHAPE = new SymbolShape(3, 12, 16);

    private static ContextPriors trained(CoderParams params, int alphabet, long seed) {
        Random r = new Random(seed);
        ContextPriors.Builder b = ContextPriors.builder(params, alphabet, SHAPE.channels());
        for (int k = 0; k < 3; k++) {
            b.add(TestTensors.smoothField(r, SHAPE, alphabet, 1));
        }
        return b.build();
    }

    @Test
    void serializationRoundTrips() throws SthFormatException {
        for (int alphabet : new int[] {2, 6, 16, 300, 1024}) {
            for (CoderParams params : new CoderParams[] {CoderParams.defaults(), new CoderParams(0, 8, 1 << 20)}) {
                ContextPriors p = trained(params, alphabet, alphabet);
                ContextPriors back = ContextPriors.fromBytes(p.toBytes());
                assertEquals(p, back);
                assertEquals(alphabet, back.alphabetSize());
                ContextPriors flat = ContextPriors.flat(params.contextModelId(), alphabet, SHAPE.channels());
                assertEquals(flat, ContextPriors.fromBytes(flat.toBytes()));
            }
        }
    }

    @Test
    void countsAreNormalizedIntoABoundedRange() {
        CoderParams params = new CoderParams(CoderParams.NEIGHBOURS, 32, 1 << 16);
        ContextPriors p = trained(params, 16, 3);
        int explicit = 0;
        for (int ctx = 0; ctx < p.contextCount(); ctx++) {
            int[] c = p.counts(ctx);
            long total = Arrays.stream(c).asLongStream().sum();
            assertTrue(Arrays.stream(c).allMatch(v -> v >= 1), "every count at least 1");
            assertTrue(total <= params.maxTotal() / 2, "total " + total + " leaves room to adapt");
            explicit += p.isFlat(ctx) ? 0 : 1;
        }
        assertTrue(explicit > 0);
        // A context seen once weighs like one observation, not like a thousand.
        ContextPriors once = ContextPriors.builder(params, 6, 1)
                .add(SymbolTensor.of(new SymbolShape(1, 1, 1), 6, new int[] {4})).build();
        int ctx = ContextModel.create(1, 6, 1).contextOf(SymbolTensor.of(new SymbolShape(1, 1, 1), 6, new int[] {4}), 0, 0, 0);
        assertArrayEquals(new int[] {1, 1, 1, 1, 33, 1}, once.counts(ctx));
    }

    @Test
    void corruptInputIsRejected() throws SthFormatException {
        byte[] valid = trained(CoderParams.defaults(), 6, 9).toBytes();
        ContextPriors.fromBytes(valid);
        for (int bit = 0; bit < valid.length * 8; bit += 7) {
            byte[] b = valid.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(SthFormatException.class, () -> ContextPriors.fromBytes(b), "bit " + bit);
        }
        for (int len = 0; len < valid.length; len++) {
            byte[] b = Arrays.copyOf(valid, len);
            assertThrows(SthFormatException.class, () -> ContextPriors.fromBytes(b), "length " + len);
        }
    }

    @Test
    void corruptFieldsBehindAValidCrcAreRejectedWithReasons() {
        byte[] valid = trained(CoderParams.defaults(), 6, 9).toBytes();
        expect(edit(valid, 4, 2), "unsupported context priors version 2");
        expect(edit(valid, 5, 7), "unknown context model id 7");
        expect(edit(valid, 9, 1), "alphabet size 1 is outside");
        expect(edit(valid, 11, 65), "channel slots 65 is outside 1..64");
        expect(edit(valid, 15, 1), "context count");
        expect(edit(valid, 16, 5), "has kind 5");
        // An alphabet so large that the first explicit context's counts cannot be present: refused before allocating.
        byte[] big = valid.clone();
        big[7] = 1; // L = 65536 + 6
        expect(GarbageTest.fixCrc(big), "alphabet size 65542 is outside");
    }

    @Test
    void incompatiblePriorsAreRefusedByTheCoder() {
        ContextPriors p = ContextPriors.flat(CoderParams.NEIGHBOURS, 6, 3);
        SymbolTensor t = new SymbolTensor(new SymbolShape(2, 4, 4), 6);
        var e = assertThrows(IllegalArgumentException.class, () -> LatentCoder.encode(t, p, CoderParams.defaults()));
        assertTrue(e.getMessage().contains("priors cover 3 channel slots"), e.getMessage());
        var d = assertThrows(SthFormatException.class,
                () -> LatentCoder.decode(new byte[8], t.shape(), 8, p, CoderParams.defaults()));
        assertTrue(d.getMessage().contains("alphabet of 6 symbols"), d.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LatentCoder.encode(t, ContextPriors.flat(0, 6, 2), CoderParams.defaults()));
    }

    private static byte[] edit(byte[] valid, int at, int value) {
        byte[] b = valid.clone();
        b[at] = (byte) value;
        return GarbageTest.fixCrc(b);
    }

    private static void expect(byte[] b, String part) {
        SthFormatException e = assertThrows(SthFormatException.class, () -> ContextPriors.fromBytes(b));
        assertTrue(e.getMessage().contains(part), () -> e.getMessage() + " lacks " + part);
    }
}
