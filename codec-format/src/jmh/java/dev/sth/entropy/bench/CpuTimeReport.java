package dev.sth.entropy.bench;

import dev.sth.entropy.ContextPriors;
import dev.sth.entropy.LatentCoder;
import dev.sth.entropy.SymbolTensor;
import dev.sth.format.CoderParams;
import dev.sth.format.SthFormatException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The same cases as {@link LatentCoderBenchmark}, timed by the thread's CPU time instead of the wall
 * clock: on a machine shared with other work this shows what one core does when it runs.
 * {@code java -cp codec-format/target/sth-codec-format-bench.jar dev.sth.entropy.bench.CpuTimeReport}
 */
public final class CpuTimeReport {
    private CpuTimeReport() {}

    public static void main(String[] args) throws SthFormatException {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int n = LatentCoderBenchmark.SYMBOLS;
        for (int alphabet : new int[] {6, 16}) {
            for (int id : new int[] {CoderParams.NEIGHBOURS, CoderParams.ORDER0}) {
                CoderParams params = CoderParams.defaults().withContextModel(id);
                SymbolTensor t = LatentFields.generate(1, LatentCoderBenchmark.SHAPE, alphabet);
                ContextPriors.Builder b = ContextPriors.builder(params, alphabet, LatentCoderBenchmark.SHAPE.channels());
                for (int seed = 2; seed < 6; seed++) {
                    b.add(LatentFields.generate(seed, LatentCoderBenchmark.SHAPE, alphabet));
                }
                ContextPriors priors = b.build();
                byte[] code = LatentCoder.encode(t, priors, params);
                long bestEncode = Long.MAX_VALUE;
                long bestDecode = Long.MAX_VALUE;
                for (int i = 0; i < 80; i++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    LatentCoder.encode(t, priors, params);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    LatentCoder.decode(code, LatentCoderBenchmark.SHAPE, alphabet, priors, params);
                    long t2 = cpu.getCurrentThreadCpuTime();
                    if (i >= 30) { // after warm-up
                        bestEncode = Math.min(bestEncode, t1 - t0);
                        bestDecode = Math.min(bestDecode, t2 - t1);
                    }
                }
                System.out.printf("L=%-2d %-10s %.4f bits/symbol  encode %6.1f M symbols/CPU-s  decode %6.1f M symbols/CPU-s%n",
                        alphabet, id == CoderParams.ORDER0 ? "order0" : "neighbours", 8.0 * code.length / n,
                        n * 1e3 / bestEncode, n * 1e3 / bestDecode);
            }
        }
    }
}
