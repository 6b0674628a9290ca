package dev.sth.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How close the coder gets to the entropy: order-0 on i.i.d. sources (overhead vs n * H of the
 * empirical distribution) and the context model on correlated, latent-like sources (gain vs order-0).
 * The figures are printed so they can be quoted.
 */
class CompressionTest {
    /** Order-0, flat priors, a table that never halves on these sizes: the learning cost is all that remains. */
    private static final CoderParams ORDER0 = new CoderParams(CoderParams.ORDER0, 32, 1 << 24);

    private record Source(String name, double[] weights, int n) {}

    @Test
    void order0IsWithinOnePercentOfTheEmpiricalEntropyOnIidSources() throws SthFormatException {
        Source[] sources = {
            new Source("L=2 p=0.5", new double[] {1, 1}, 200_000),
            new Source("L=2 p=0.02", new double[] {49, 1}, 400_000),
            new Source("L=4 skewed", new double[] {80, 12, 6, 2}, 200_000),
            new Source("L=6 laplacian", TestTensors.laplacian(6, 0.25), 200_000),
            new Source("L=16 laplacian", TestTensors.laplacian(16, 0.5), 200_000),
            new Source("L=16 uniform", TestTensors.laplacian(16, 1.0), 200_000),
            new Source("L=256 zipf", TestTensors.zipf(256, 1.1), 400_000),
            new Source("L=1024 zipf", TestTensors.zipf(1024, 0.8), 1_000_000),
        };
        Random r = new Random(42);
        for (Source s : sources) {
            int alphabet = s.weights().length;
            int[] symbols = TestTensors.iid(r, s.weights(), s.n());
            SymbolShape shape = new SymbolShape(1, 1, s.n());
            SymbolTensor t = SymbolTensor.of(shape, alphabet, symbols);
            ContextPriors flat = ContextPriors.flat(CoderParams.ORDER0, alphabet, 1);
            byte[] code = LatentCoder.encode(t, flat, ORDER0);
            assertEquals(t, LatentCoder.decode(code, shape, alphabet, flat, ORDER0));
            double entropyBits = TestTensors.empiricalBits(symbols, alphabet);
            double codedBits = 8.0 * code.length;
            System.out.printf("i.i.d. %-16s n=%8d  H=%.4f bit/sym  coded %.4f bit/sym  overhead %+.3f%%%n",
                    s.name(), s.n(), entropyBits / s.n(), codedBits / s.n(), 100 * (codedBits / entropyBits - 1));
            assertTrue(codedBits <= 1.01 * entropyBits + 8 * 8,
                    s.name() + ": " + codedBits + " coded bits vs " + entropyBits + " bits of entropy");
        }
    }

    @Test
    void contextModelBeatsOrder0EntropyOnCorrelatedSourcesAndPriorsHelpMore() throws SthFormatException {
        SymbolShape shape = new SymbolShape(32, 64, 96); // a 512x768 image at stride 8, C = 32
        for (int[] config : new int[][] {{6, 1}, {6, 2}, {16, 1}, {16, 2}}) {
            int alphabet = config[0];
            int radius = config[1]; // blur radius: 1 = rougher field, 2 = smoother
            CoderParams ctx = CoderParams.defaults();
            Random r = new Random(7 + alphabet + radius);
            SymbolTensor t = TestTensors.smoothField(r, shape, alphabet, radius);
            ContextPriors.Builder builder = ContextPriors.builder(ctx, alphabet, shape.channels());
            for (int k = 0; k < 4; k++) { // "training set": other tensors of the same kind
                builder.add(TestTensors.smoothField(r, shape, alphabet, radius));
            }
            ContextPriors trained = builder.build();

            double order0Entropy = TestTensors.empiricalBits(t.toArray(), alphabet);
            double order0Coded = 8.0 * LatentCoder.encode(t, ContextPriors.flat(CoderParams.ORDER0, alphabet, 32),
                    ctx.withContextModel(CoderParams.ORDER0)).length;
            byte[] flatCode = LatentCoder.encode(t, ContextPriors.flat(CoderParams.NEIGHBOURS, alphabet, 32), ctx);
            byte[] trainedCode = LatentCoder.encode(t, trained, ctx);
            assertEquals(t, LatentCoder.decode(trainedCode, shape, alphabet, trained, ctx));
            double flatBits = 8.0 * flatCode.length;
            double trainedBits = 8.0 * trainedCode.length;
            int n = shape.size();
            System.out.printf("correlated L=%-2d blur %d %s: order-0 entropy %.4f bit/sym, order-0 coded %.4f; context model %.4f"
                            + " (%.3f of order-0 entropy), with trained priors %.4f (%.3f); priors %d bytes%n",
                    alphabet, radius, shape, order0Entropy / n, order0Coded / n, flatBits / n, flatBits / order0Entropy,
                    trainedBits / n, trainedBits / order0Entropy, trained.toBytes().length);
            assertTrue(flatBits < 0.9 * order0Entropy, "context model should clearly beat order-0");
            assertTrue(trainedBits < flatBits, "trained priors should beat flat priors");
        }
    }
}
