package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The transforms run in strips give a whole pass's result: their margins cover what each row sees. */
class TransformStripsTest {

    private static INDArray latent(int c, int h, int w) {
        Random rnd = new Random(5);
        float[] z = new float[c * h * w];
        for (int i = 0; i < z.length; i++) z[i] = (float) (rnd.nextGaussian() * 2);
        return Nd4j.create(z, new long[] {1, c, h, w}, 'c');
    }

    @ParameterizedTest
    @EnumSource(NetworkConfig.Nonlinearity.class)
    void stripsGiveTheWholePassImage(NetworkConfig.Nonlinearity nl) {
        NetworkConfig cfg = new NetworkConfig(8, 1, 4, 6, 1, nl);
        Map<String, INDArray> p = new SthNetwork(cfg).initialParameters(3);
        // 11 latent rows: 22 rows into the tail; one row of the tail's widest activation is 4N · 2w floats
        INDArray z = latent(4, 11, 5);
        long row = 4L * 8 * 10 * Float.BYTES;
        float[] whole = Transform.synthesis(cfg, p, 0).applyToFloats(z);
        for (long rows : new long[] {8, 9, 13}) { // strips of 4, 5 and 9 rows (the budget less 2 margins each)
            float[] strips = Transform.synthesis(cfg, p, rows * row).applyToFloats(z);
            assertEquals(whole.length, strips.length);
            float max = 0;
            for (int i = 0; i < whole.length; i++) max = Math.max(max, Math.abs(whole[i] - strips[i]));
            assertTrue(max < 1e-4f, nl + ", strips of " + (rows - 4) + " rows differ by " + max);
        }
        // a budget that holds the whole input runs one pass: the same floats
        assertArrayEquals(whole, Transform.synthesis(cfg, p, 1L << 30).applyToFloats(z));
    }

    @ParameterizedTest
    @EnumSource(NetworkConfig.Nonlinearity.class)
    void analysisStripsGiveTheWholePassLatent(NetworkConfig.Nonlinearity nl) {
        NetworkConfig cfg = new NetworkConfig(8, 1, 4, 6, 1, nl);
        Map<String, INDArray> p = new SthNetwork(cfg).initialParameters(3);
        Random rnd = new Random(9);
        int h = 88, w = 40; // 11 latent rows
        float[] px = new float[3 * h * w];
        for (int i = 0; i < px.length; i++) px[i] = rnd.nextFloat();
        INDArray x = Nd4j.create(px, new long[] {1, 3, h, w}, 'c');
        long row = 8 / 4 * w * Float.BYTES; // N/4 floats per image row and column
        float[] whole = Transform.analysis(cfg, p, 0).applyToFloats(x);
        for (long rows : new long[] {20, 24, 36, 60}) { // strips of 4, 8, 20 and 44 rows (less 2 margins of 8)
            float[] strips = Transform.analysis(cfg, p, rows * row).applyToFloats(x);
            assertEquals(whole.length, strips.length);
            float max = 0;
            for (int i = 0; i < whole.length; i++) max = Math.max(max, Math.abs(whole[i] - strips[i]));
            assertTrue(max < 1e-4f, nl + ", strips of " + (rows - 16) + " rows differ by " + max);
        }
    }

    @Test
    void bothStagesTogetherKeepAtMostThePoolBudget() {
        NetworkConfig cfg = new NetworkConfig(16, 1, 4, 6, 1);
        Map<String, INDArray> p = new SthNetwork(cfg).initialParameters(2);
        INDArray z = latent(4, 32, 32); // tail buffers of 4N · 64 · 64 floats: 1 MB each
        String old = System.getProperty("sth.inference.pool.mb");
        try {
            System.setProperty("sth.inference.pool.mb", "2");
            Transform bounded = Transform.synthesis(cfg, p, 0);
            bounded.applyToFloats(z);
            long kept = bounded.pooledBytes();
            assertTrue(kept > 0 && kept <= 2L << 20, "a 2 MB budget kept " + kept + " bytes");
            System.setProperty("sth.inference.pool.mb", "0");
            Transform none = Transform.synthesis(cfg, p, 0);
            none.applyToFloats(z);
            assertEquals(0, none.pooledBytes());
        } finally {
            if (old == null) System.clearProperty("sth.inference.pool.mb");
            else System.setProperty("sth.inference.pool.mb", old);
        }
    }

    @Test
    void aNegativeStripBudgetIsRefused() {
        NetworkConfig cfg = new NetworkConfig(8, 0, 4, 6, 1);
        Map<String, INDArray> p = new SthNetwork(cfg).initialParameters(1);
        assertThrows(IllegalArgumentException.class, () -> Transform.synthesis(cfg, p, -1));
        assertThrows(IllegalArgumentException.class, () -> Transform.analysis(cfg, p, -1));
    }
}
