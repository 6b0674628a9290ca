package dev.sth.entropy.bench;

import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
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
 * Baselines on the same symbols as {@link LatentCoderBenchmark}, one byte per symbol: zlib
 * (java.util.zip, default level) and a plain array copy. Scores are symbols per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
public class BaselineBenchmark {
    @Param({"6", "16"})
    public int alphabet;

    private byte[] bytes;
    private byte[] deflated;
    private final byte[] out = new byte[LatentCoderBenchmark.SYMBOLS * 2 + 1024];
    private final Deflater deflater = new Deflater();
    private final Inflater inflater = new Inflater();

    @Setup
    public void setUp() {
        int[] symbols = LatentFields.generate(1, LatentCoderBenchmark.SHAPE, alphabet).toArray();
        bytes = new byte[symbols.length];
        for (int i = 0; i < symbols.length; i++) {
            bytes[i] = (byte) symbols[i];
        }
        deflated = java.util.Arrays.copyOf(out, deflate());
        System.out.printf("%n[L=%d deflate] %.4f bits/symbol%n", alphabet, 8.0 * deflated.length / bytes.length);
    }

    @Benchmark
    @OperationsPerInvocation(LatentCoderBenchmark.SYMBOLS)
    public int deflate() {
        deflater.reset();
        deflater.setInput(bytes);
        deflater.finish();
        return deflater.deflate(out);
    }

    @Benchmark
    @OperationsPerInvocation(LatentCoderBenchmark.SYMBOLS)
    public int inflate() throws DataFormatException {
        inflater.reset();
        inflater.setInput(deflated);
        return inflater.inflate(out);
    }

    @Benchmark
    @OperationsPerInvocation(LatentCoderBenchmark.SYMBOLS)
    public byte[] copy() {
        return bytes.clone();
    }
}
