package dev.sth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Codec objects lent to one thread at a time: reused across threads, bounded by use at once, not by threads. */
class CodecPoolTest {

    private static ModelBundle tiny;
    private static ModelBundle other;

    @BeforeAll
    static void models() throws Exception {
        tiny = ModelBundle.load(Path.of("../testdata/models/tiny-test"), false);
        other = ModelBundle.load(Path.of("../testdata/models/tiny-test-cs"), false);
    }

    private final AtomicInteger built = new AtomicInteger();
    private final List<Object> dropped = new CopyOnWriteArrayList<>();

    private final AtomicLong now = new AtomicLong();

    /** Kept for good: {@code maxIdle}; beyond, while idle for less than {@code linger} of the test's clock. */
    private CodecPool<Object> pool(int maxIdle, long linger) {
        return new CodecPool<>(m -> {
            built.incrementAndGet();
            return new Object();
        }, dropped::add, () -> maxIdle, () -> linger, now::get);
    }

    private CodecPool<Object> pool(int maxIdle) {
        return pool(maxIdle, 0);
    }

    @Test
    void manyThreadsOneAfterAnotherShareOneObject() throws Exception {
        CodecPool<Object> pool = pool(2);
        List<Object> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try (CodecPool.Lease<Object> l = pool.lease(tiny)) {
                    seen.add(l.get());
                }
            });
            t.start();
            t.join();
        }
        assertEquals(1, built.get(), "one object served eight threads in turn");
        assertEquals(8, seen.stream().filter(o -> o == seen.get(0)).count());
        assertEquals(1, pool.idle(tiny));
    }

    @Test
    void objectsInUseAtOnceAreDistinctAndOnlyTheBoundIsKept() {
        CodecPool<Object> pool = pool(2);
        List<CodecPool.Lease<Object>> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) leases.add(pool.lease(tiny));
        assertEquals(5, leases.stream().map(CodecPool.Lease::get).distinct().count());
        leases.forEach(CodecPool.Lease::close);
        assertEquals(2, pool.idle(tiny));
        assertEquals(3, dropped.size(), "the three beyond the bound are dropped (and freed)");
        pool.lease(tiny);
        assertEquals(5, built.get(), "a kept one is lent again, nothing new is built");
    }

    @Test
    void aBurstsExtrasAreKeptWhileReusedAndDroppedOnceIdleForTheLinger() {
        CodecPool<Object> pool = pool(2, 10);
        List<CodecPool.Lease<Object>> burst = new ArrayList<>();
        for (int i = 0; i < 5; i++) burst.add(pool.lease(tiny));
        burst.forEach(CodecPool.Lease::close);
        assertEquals(5, pool.idle(tiny), "all five kept: none has been idle for the linger yet");
        now.set(9);
        pool.lease(tiny).close();
        assertEquals(5, pool.idle(tiny));
        assertEquals(0, dropped.size());
        now.set(20);
        pool.lease(tiny).close();
        assertEquals(2, pool.idle(tiny), "the three idle since the burst went; the bound stays");
        assertEquals(3, dropped.size());
        assertEquals(5, built.get());
    }

    @Test
    void modelsHaveTheirOwnObjectsAndALeaseGivesBackOnce() {
        CodecPool<Object> pool = pool(4);
        CodecPool.Lease<Object> a = pool.lease(tiny);
        CodecPool.Lease<Object> b = pool.lease(other);
        assertNotSame(a.get(), b.get());
        a.close();
        a.close();
        assertEquals(1, pool.idle(tiny));
        assertEquals(0, pool.idle(other));
        assertThrows(IllegalStateException.class, a::get);
        b.close();
        assertEquals(1, pool.idle(other));
    }

    @Test
    void theMostRecentlyGivenBackIsLentFirst() {
        CodecPool<Object> pool = pool(4);
        CodecPool.Lease<Object> a = pool.lease(tiny);
        CodecPool.Lease<Object> b = pool.lease(tiny);
        Object older = a.get();
        Object newer = b.get();
        a.close();
        b.close();
        try (CodecPool.Lease<Object> c = pool.lease(tiny)) {
            assertSame(newer, c.get());
            assertNotSame(older, c.get());
        }
    }

    @Test
    void aBadBoundIsReportedAndTheObjectFreed() {
        System.setProperty(CodecPool.IDLE_PROPERTY, "many");
        try {
            CodecPool<Object> pool = new CodecPool<>(m -> new Object(), dropped::add);
            CodecPool.Lease<Object> l = pool.lease(tiny);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, l::close);
            assertEquals("sth.codec.idle=many: must be a whole number, 0 or more", e.getMessage());
            assertEquals(1, dropped.size());
        } finally {
            System.clearProperty(CodecPool.IDLE_PROPERTY);
        }
    }
}
