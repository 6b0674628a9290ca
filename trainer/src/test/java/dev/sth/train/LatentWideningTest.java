package dev.sth.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.sth.model.NetworkConfig;
import dev.sth.model.SthNetwork;
import dev.sth.model.Transform;

/** Widening the latent keeps what the model computes, and the copies can diverge. */
class LatentWideningTest {

    private static final NetworkConfig NARROW = new NetworkConfig(8, 1, 4, 6, 1);
    private static final NetworkConfig WIDE = new NetworkConfig(8, 1, 8, 6, 1);

    @Test
    void theWidenedModelEncodesCopiesAndDecodesThemToTheSameImage() {
        Map<String, INDArray> p = new SthNetwork(NARROW).initialParameters(5);
        Map<String, INDArray> w = LatentWidening.widen(p, NARROW, WIDE, 0, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 3, 32, 32);

        INDArray z = Transform.analysis(NARROW, p).apply(x);
        INDArray zw = Transform.analysis(WIDE, w).apply(x);
        assertEquals(8, zw.size(1));
        for (int copy = 0; copy < 2; copy++) {
            INDArray part = zw.get(NDArrayIndex.all(), NDArrayIndex.interval(4 * copy, 4 * copy + 4), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(part.equalsWithEps(z, 1e-5), "copy " + copy + " of the latent differs");
        }
        INDArray zhat = Nd4j.rand(DataType.FLOAT, 1, 4, 4, 4).subi(0.5).muli(4);
        INDArray xhat = Transform.synthesis(NARROW, p).apply(zhat);
        INDArray xhatWide = Transform.synthesis(WIDE, w).apply(Nd4j.concat(1, zhat, zhat));
        assertTrue(xhatWide.equalsWithEps(xhat, 1e-4), "the widened synthesis decodes repeated ẑ differently");
    }

    @Test
    void noiseMakesTheCopiesDifferButOnlyTheCopies() {
        Map<String, INDArray> p = new SthNetwork(NARROW).initialParameters(5);
        Map<String, INDArray> w = LatentWidening.widen(p, NARROW, WIDE, 0.05, 1);
        INDArray k = w.get(LatentWidening.LAST_ANALYSIS + ".W");
        INDArray first = k.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        INDArray second = k.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 8));
        assertTrue(first.equalsWithEps(p.get(LatentWidening.LAST_ANALYSIS + ".W"), 0), "the original channels changed");
        assertFalse(second.equalsWithEps(first, 1e-6), "the copies are still identical");
        double rel = second.sub(first).norm2Number().doubleValue() / first.norm2Number().doubleValue();
        assertTrue(rel > 0.02 && rel < 0.1, "noise of relative size " + rel);
        assertTrue(w.get("synthesis.up1.W") == p.get("synthesis.up1.W"), "untouched layers are shared");
    }

    @Test
    void onlyAWholeMultipleOfTheSameNetworkCanBeWidened() {
        assertTrue(LatentWidening.canWiden(NARROW, WIDE));
        assertFalse(LatentWidening.canWiden(WIDE, NARROW));
        assertFalse(LatentWidening.canWiden(NARROW, new NetworkConfig(8, 1, 6, 6, 1)));
        assertFalse(LatentWidening.canWiden(NARROW, new NetworkConfig(16, 1, 8, 6, 1)));
        assertThrows(IllegalArgumentException.class, () -> LatentWidening.widen(Map.of(), NARROW, NARROW, 0, 1));
    }
}
