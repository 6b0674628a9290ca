package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every tensor comes back exactly, whatever its shape, alphabet, source or coder parameters. */
class LatentCoderRoundTripTest {

    @Property(tries = 400)
    void randomTensorsRoundTrip(@ForAll("shapes") SymbolShape shape,
                                @ForAll("alphabets") int alphabet,
                                @ForAll("params") CoderParams params,
                                @ForAll @IntRange(min = 0, max = 3) int source,
                                @ForAll long seed) throws SthFormatException {
        params = fit(params, alphabet);
        Random r = new Random(seed);
        SymbolTensor t = switch (source) {
            case 0 -> SymbolTensor.of(shape, alphabet, r.ints(shape.size(), 0, alphabet).toArray());
            case 1 -> SymbolTensor.of(shape, alphabet, TestTensors.iid(r, TestTensors.laplacian(alphabet, 0.3), shape.size()));
            case 2 -> SymbolTensor.of(shape, alphabet, new int[shape.size()]); // constant: longest runs, most carries
            default -> TestTensors.smoothField(r, shape, alphabet, 2);
        };
        ContextPriors priors = ContextPriors.flat(params.contextModelId(), alphabet, shape.channels());
        byte[] code = LatentCoder.encode(t, priors, params);
        assertEquals(t, LatentCoder.decode(code, shape, alphabet, priors, params));
    }

    @Property(tries = 60)
    void trainedPriorsRoundTrip(@ForAll("shapes") SymbolShape shape, @ForAll("alphabets") int alphabet,
                                @ForAll long seed) throws SthFormatException {
        CoderParams params = fit(CoderParams.defaults(), alphabet);
        Random r = new Random(seed);
        ContextPriors priors = ContextPriors.builder(params, alphabet, shape.channels())
                .add(TestTensors.smoothField(r, shape, alphabet, 1))
                .build();
        SymbolTensor t = TestTensors.smoothField(r, shape, alphabet, 1);
        byte[] code = LatentCoder.encode(t, priors, params);
        assertEquals(t, LatentCoder.decode(code, shape, alphabet, priors, params));
    }

    @Example
    void singleSymbolTensorsOfEveryKind() throws SthFormatException {
        for (int alphabet : new int[] {2, 3, 6, 16, 33, 1024, 65536}) {
            for (int id : new int[] {CoderParams.ORDER0, CoderParams.NEIGHBOURS}) {
                CoderParams params = new CoderParams(id, 32, 1 << 24);
                SymbolShape shape = new SymbolShape(1, 1, 1);
                ContextPriors priors = ContextPriors.flat(id, alphabet, 1);
                for (int s : new int[] {0, alphabet / 2, alphabet - 1}) {
                    SymbolTensor t = SymbolTensor.of(shape, alphabet, new int[] {s});
                    byte[] code = LatentCoder.encode(t, priors, params);
                    assertEquals(t, LatentCoder.decode(code, shape, alphabet, priors, params));
                }
            }
        }
    }

    @Provide
    Arbitrary<SymbolShape> shapes() {
        Arbitrary<SymbolShape> general = Combinators.combine(
                Arbitraries.integers().between(1, 5),
                Arbitraries.integers().between(1, 24),
                Arbitraries.integers().between(1, 40)).as(SymbolShape::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, general),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new SymbolShape(1, 1, 1))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(w -> new SymbolShape(1, 1, w))),   // wide
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3000).map(h -> new SymbolShape(1, h, 1))),   // thin
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60, 70).map(c -> new SymbolShape(c, 3, 4))));   // past 64 channel slots
    }

    @Provide
    Arbitrary<Integer> alphabets() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(2, 16)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(17, 1024)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(2, 32, 33, 1023, 1024)));
    }

    @Provide
    Arbitrary<CoderParams> params() {
        return Combinators.combine(
                Arbitraries.of(CoderParams.ORDER0, CoderParams.NEIGHBOURS),
                Arbitraries.of(1, 2, 24, 32, 1000, 1 << 16),
                Arbitraries.of(1 << 10, 1 << 13, 1 << 16, 1 << 20, 1 << 24)).as(CoderParams::new);
    }

    /** Raises maxTotal where the alphabet needs it (maxTotal >= L + increment). */
    static CoderParams fit(CoderParams p, int alphabet) {
        int need = alphabet + p.increment();
        return p.maxTotal() >= need ? p : new CoderParams(p.contextModelId(), p.increment(), Math.min(1 << 24, 2 * need));
    }
}
