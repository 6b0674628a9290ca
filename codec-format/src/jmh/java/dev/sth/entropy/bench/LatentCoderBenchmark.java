package dev.sth.entropy.bench;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import dev.sth.format.SymbolShape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Entropy coding speed on a realistic latent: 32 x 64 x 96 symbols (a 768 x 512 image at stride 8,
 * C = 32), single-threaded. Scores are symbols per second (one operation = one symbol).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
public class LatentCoderBenchmark {
    static final SymbolShape SHAPE = new SymbolShape(32, 64, 96);
    static final int SYMBOLS = 32 * 64 * 96;

    @Param({"6", "16"})
    public int alphabet;

    @Param({"neighbours", "order0"})
    public String model;

    private SymbolTensor symbols;
    private ContextPriors priors;
    private CoderParams params;
    private byte[] code;

    @Setup
    public void setUp() {
        params = CoderParams.defaults().withContextModel(model.equals("order0") ? CoderParams.ORDER0 : CoderParams.NEIGHBOURS);
        symbols = LatentFields.generate(1, SHAPE, alphabet);
        ContextPriors.Builder builder = ContextPriors.builder(params, alphabet, SHAPE.channels());
        for (int seed = 2; seed < 6; seed++) { // priors "trained" on other latents of the same kind
            builder.add(LatentFields.generate(seed, SHAPE, alphabet));
        }
        priors = builder.build();
        code = LatentCoder.encode(symbols, priors, params);
        System.out.printf("%n[L=%d %s] %.4f bits/symbol, %d bytes for %d symbols%n",
                alphabet, model, 8.0 * code.length / SYMBOLS, code.length, SYMBOLS);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public byte[] encode() {
        return LatentCoder.encode(symbols, priors, params);
    }

    @Benchmark
    @OperationsPerInvocation(SYMBOLS)
    public SymbolTensor decode() throws SthFormatException {
        return LatentCoder.decode(code, SHAPE, alphabet, priors, params);
    }
}
