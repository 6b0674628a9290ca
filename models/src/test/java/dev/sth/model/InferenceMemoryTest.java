package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The inference session's memory: buffers reused across calls, freed beyond the budget, results unchanged. */
class InferenceMemoryTest {

    @Test
    void aReleasedBufferIsReusedForAnArrayOfTheSameLengthInAnyShape() {
        InferenceMemory m = new InferenceMemory(1 << 20);
        INDArray a = m.allocate(false, DataType.FLOAT, 2, 3, 4);
        m.release(a);
        assertEquals(24 * 4, m.pooledBytes());
        INDArray b = m.allocate(false, DataType.FLOAT, 4, 6); // same length, other shape
        assertSame(a.data(), b.data());
        assertArrayEquals(new long[] {4, 6}, b.shape());
        assertEquals(0, m.pooledBytes());
        INDArray c = m.allocate(false, DataType.FLOAT, 5);     // other length: a new buffer
        assertNotSame(b.data(), c.data());
        m.close();
    }

    @Test
    void reclaimReturnsEveryBufferHandedOutAndReleasingTwiceCountsOnce() {
        InferenceMemory m = new InferenceMemory(1 << 20);
        INDArray a = m.allocate(false, DataType.FLOAT, 10);
        m.allocate(false, DataType.FLOAT, 20);
        m.release(a);
        m.release(a);
        assertEquals(40, m.pooledBytes());
        m.reclaim();
        assertEquals(40 + 80, m.pooledBytes());
        m.close();
        assertEquals(0, m.pooledBytes());
        assertTrue(a.data().wasClosed());
    }

    @Test
    void whatTheIdlePoolKeepsBeyondItsBudgetIsFreedOldestFirst() {
        InferenceMemory m = new InferenceMemory(100);
        INDArray old = m.allocate(false, DataType.FLOAT, 20);   // 80 bytes
        INDArray young = m.allocate(false, DataType.FLOAT, 15); // 60 bytes
        m.release(old);
        m.release(young);
        assertEquals(60, m.pooledBytes());
        assertTrue(old.data().wasClosed());
        assertFalse(young.data().wasClosed());
        m.close();
    }

    @Test
    void attachKeepsOneManagerPerBudgetAndAnUnboundedPoolKeepsEveryBuffer() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        InferenceMemory bounded = InferenceMemory.attach(sd, 100);
        assertSame(bounded, InferenceMemory.attach(sd, 100));
        INDArray kept = bounded.allocate(false, DataType.FLOAT, 20);
        InferenceMemory unbounded = InferenceMemory.attach(sd, Long.MAX_VALUE);
        assertNotSame(bounded, unbounded);
        assertTrue(kept.data().wasClosed(), "the replaced manager's buffers are freed");
        unbounded.allocate(false, DataType.FLOAT, 1000);
        unbounded.allocate(false, DataType.FLOAT, 2000);
        unbounded.reclaim();
        assertEquals(12000, unbounded.pooledBytes());
        unbounded.close();
        assertEquals(0, unbounded.pooledBytes());
    }

    @Test
    void aGraphUsedByAnotherThreadTakesOverTheSessionAndItsPool() throws Exception {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        InferenceMemory mine = InferenceMemory.attach(sd, 1 << 20);
        mine.allocate(false, DataType.FLOAT, 100);
        mine.reclaim();
        InferenceMemory[] theirs = new InferenceMemory[1];
        Thread t = new Thread(() -> theirs[0] = InferenceMemory.attach(sd, 1 << 20));
        t.start();
        t.join();
        assertSame(mine, theirs[0], "the pool moved with the session");
        assertEquals(1, sd.getSessions().size(), "no session is left behind per thread");
        assertEquals(400, theirs[0].pooledBytes());
        InferenceMemory.release(sd);
        assertEquals(0, mine.pooledBytes());
        assertTrue(sd.getSessions().isEmpty());
    }

    @Test
    void repeatedAndInterleavedShapesGiveTheSameOutputsAsAFreshTransform() {
        NetworkConfig net = new NetworkConfig(8, 0, 4, 5, 1, NetworkConfig.Nonlinearity.GDN);
        Map<String, INDArray> params = new SthNetwork(net).initialParameters(3);
        INDArray landscape = latent(1, 4, 3, 5);
        INDArray portrait = latent(2, 4, 5, 3);
        float[] l0 = Transform.synthesis(net, params).applyToFloats(landscape);
        float[] p0 = Transform.synthesis(net, params).applyToFloats(portrait);
        Transform t = Transform.synthesis(net, params);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(l0, t.applyToFloats(landscape), 0f, "landscape, call " + i);
            assertArrayEquals(p0, t.applyToFloats(portrait), 0f, "portrait, call " + i);
        }
        INDArray out = t.apply(landscape);
        t.apply(portrait); // the pool reuses the buffers of the first call: the caller's result must not change
        assertArrayEquals(l0, out.data().asFloat(), 0f);
    }

    private static INDArray latent(long seed, int c, int h, int w) {
        Random r = new Random(seed);
        float[] z = new float[c * h * w];
        for (int i = 0; i < z.length; i++) z[i] = r.nextInt(5) - 2;
        return Nd4j.create(z, new long[] {1, c, h, w}, 'c');
    }
}
