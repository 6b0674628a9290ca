package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** GDN and inverse GDN against their definition, and their parameters' gradients. */
class GdnTest {

    private static final int N = 4;
    private static final int H = 3;
    private static final int W = 5;

    /** Stored β [N] and γ [1,1,N,N]; some entries below the reparametrization's bound, to exercise it. */
    private static INDArray[] storedParams(Random rnd) {
        float[] b = new float[N];
        for (int i = 0; i < N; i++) b[i] = (float) (0.5 + rnd.nextDouble());
        b[1] = -0.3f; // below the bound: β must come out as β_min
        float[] g = new float[N * N];
        for (int i = 0; i < g.length; i++) g[i] = (float) (rnd.nextDouble() * 0.6);
        g[2] = -0.5f; // below the bound: that γ must come out as 0
        return new INDArray[] {Nd4j.create(b, new long[] {N}, 'c'), Nd4j.create(g, new long[] {1, 1, N, N}, 'c')};
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesTheDefinition(boolean inverse) {
        Random rnd = new Random(11);
        INDArray[] p = storedParams(rnd);
        float[] xs = new float[2 * N * H * W];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (rnd.nextGaussian() * 2);
        INDArray x = Nd4j.create(xs, new long[] {2, N, H, W}, 'c');

        SameDiff sd = SameDiff.create();
        SDVariable y = Gdn.apply(sd, sd.constant("x", x), sd.var("beta", p[0]), sd.var("gamma", p[1]), inverse);
        float[] got = y.eval().dup('c').data().asFloat();

        float[] beta = p[0].data().asFloat();
        float[] gamma = p[1].data().asFloat(); // [j][i] row-major: input j, output i
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < N; i++) {
                for (int yy = 0; yy < H; yy++) {
                    for (int xx = 0; xx < W; xx++) {
                        double norm = Gdn.effective(beta[i], Gdn.BETA_MIN);
                        for (int j = 0; j < N; j++) {
                            double xj = xs[((b * N + j) * H + yy) * W + xx];
                            norm += Gdn.effective(gamma[j * N + i], 0) * xj * xj;
                        }
                        double xi = xs[((b * N + i) * H + yy) * W + xx];
                        double want = inverse ? xi * Math.sqrt(norm) : xi / Math.sqrt(norm);
                        int k = ((b * N + i) * H + yy) * W + xx;
                        assertEquals(want, got[k], 1e-4 * Math.max(1, Math.abs(want)), "output " + k);
                    }
                }
            }
        }
    }

    @Test
    void reparametrizationKeepsBetaAndGammaPositive() {
        assertEquals(Gdn.BETA_MIN, Gdn.effective(-5, Gdn.BETA_MIN), 1e-12);
        assertEquals(0, Gdn.effective(-5, 0), 1e-12);
        assertEquals(0.25 - Gdn.PEDESTAL, Gdn.effective(0.5, 0), 1e-12);
        // The stored initial values give β = 1 and γ = 0.1·I.
        Map<String, INDArray> init = Gdn.initialParameters("g", 3);
        assertEquals(1.0, Gdn.effective(init.get("g.beta").getDouble(1), Gdn.BETA_MIN), 1e-6);
        assertEquals(Gdn.GAMMA_INIT, Gdn.effective(init.get("g.gamma").getDouble(0, 0, 2, 2), 0), 1e-6);
        assertEquals(0, Gdn.effective(init.get("g.gamma").getDouble(0, 0, 1, 2), 0), 1e-6);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gradientsReachBetaAndGammaAndMatchFiniteDifferences(boolean inverse) {
        Random rnd = new Random(5);
        INDArray[] p = storedParams(rnd);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, N, H, W).subi(0.5).muli(3);

        SameDiff sd = SameDiff.create();
        SDVariable beta = sd.var("beta", p[0]);
        SDVariable gamma = sd.var("gamma", p[1]);
        SDVariable y = Gdn.apply(sd, sd.constant("x", x), beta, gamma, inverse);
        SDVariable loss = sd.math().square(y).sum();
        sd.setLossVariables(loss);
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), List.of("beta", "gamma"));
        assertTrue(grads.get("beta").norm2Number().doubleValue() > 0, "no gradient reaches β");
        assertTrue(grads.get("gamma").norm2Number().doubleValue() > 0, "no gradient reaches γ");

        // One β and one γ above their bounds: analytic against central differences.
        double eps = 1e-2;
        for (String name : new String[] {"beta", "gamma"}) {
            INDArray stored = name.equals("beta") ? p[0] : p[1];
            long idx = name.equals("beta") ? 0 : 5;
            double analytic = grads.get(name).getDouble(idx);
            double v = stored.getDouble(idx);
            stored.putScalar(idx, v + eps);
            double up = lossOf(x, p, inverse);
            stored.putScalar(idx, v - eps);
            double down = lossOf(x, p, inverse);
            stored.putScalar(idx, v);
            double numeric = (up - down) / (2 * eps);
            assertEquals(numeric, analytic, 0.03 * Math.abs(numeric) + 1e-3, name + " gradient");
        }
    }

    private static double lossOf(INDArray x, INDArray[] p, boolean inverse) {
        SameDiff sd = SameDiff.create();
        SDVariable y = Gdn.apply(sd, sd.constant("x", x), sd.constant("b", p[0].dup()), sd.constant("g", p[1].dup()), inverse);
        return sd.math().square(y).sum().eval().getDouble(0);
    }
}
