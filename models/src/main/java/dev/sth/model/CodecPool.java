package dev.sth.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Encoders or decoders per model, lent to one thread at a time and kept when given back. SameDiff graphs
 * are not thread-safe and building one costs more than coding a small image, so they are reused; but a
 * host's thread pool may have hundreds of threads, so what is kept follows how many are used at once, not
 * how many threads ever coded. Up to {@value #IDLE_PROPERTY} idle ones per model (default: the number of
 * processors) are kept for good; more, left from a burst of concurrent use, are kept while they are
 * reused and dropped, their native buffers freed, once one has been idle for {@value #LINGER_PROPERTY}
 * (default 60 s; checked whenever one is given back, so the pool starts no thread). The most recently
 * used is lent first. No thread-local holds them, so nothing pins a host's threads or, in a servlet
 * container, its class loader. The encoder and the decoder share this, so both pool the same way.
 */
public final class CodecPool<T> {

    /** System property: idle objects kept per model for good (0 or more). */
    public static final String IDLE_PROPERTY = "sth.codec.idle";
    /** System property: ms an idle object beyond {@value #IDLE_PROPERTY} is kept (0 or more). */
    public static final String LINGER_PROPERTY = "sth.codec.linger.ms";
    private static final long DEFAULT_LINGER_MS = 60_000;

    private record Idle<T>(T object, long since) {
    }

    private final Function<ModelBundle, T> factory;
    private final Consumer<T> drop;
    private final IntSupplier maxIdle;
    private final LongSupplier lingerNanos;
    private final LongSupplier clock;
    private final Map<String, Deque<Idle<T>>> idle = new HashMap<>();

    /** {@code drop} frees what an object that is no longer kept holds. */
    public CodecPool(Function<ModelBundle, T> factory, Consumer<T> drop) {
        this(factory, drop, () -> property(IDLE_PROPERTY, Runtime.getRuntime().availableProcessors()),
                () -> TimeUnit.MILLISECONDS.toNanos(property(LINGER_PROPERTY, DEFAULT_LINGER_MS)), System::nanoTime);
    }

    CodecPool(Function<ModelBundle, T> factory, Consumer<T> drop, IntSupplier maxIdle, LongSupplier lingerNanos,
            LongSupplier clock) {
        this.factory = factory;
        this.drop = drop;
        this.maxIdle = maxIdle;
        this.lingerNanos = lingerNanos;
        this.clock = clock;
    }

    /** An object for {@code model}, for the calling thread alone until the lease is closed. */
    public Lease<T> lease(ModelBundle model) {
        String key = key(model);
        Idle<T> t;
        synchronized (idle) {
            Deque<Idle<T>> d = idle.get(key);
            t = d == null ? null : d.pollFirst();
        }
        // Built outside the lock: other threads' leases need not wait for a graph to be built.
        return new Lease<>(this, key, t != null ? t.object() : factory.apply(model));
    }

    /** Idle objects kept for {@code model} now. */
    int idle(ModelBundle model) {
        synchronized (idle) {
            Deque<Idle<T>> d = idle.get(key(model));
            return d == null ? 0 : d.size();
        }
    }

    private static String key(ModelBundle model) {
        return model.id().sha256Hex() + "/" + model.name();
    }

    private void giveBack(String key, T t) {
        int max;
        long linger;
        try {
            max = maxIdle.getAsInt();
            linger = lingerNanos.getAsLong();
        } catch (RuntimeException e) {
            drop.accept(t);
            throw e;
        }
        long now = clock.getAsLong();
        List<T> stale = new ArrayList<>();
        synchronized (idle) {
            Deque<Idle<T>> d = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            d.addFirst(new Idle<>(t, now));
            // The least recently used are last: beyond the bound, those idle too long go.
            while (d.size() > max && now - d.peekLast().since() >= linger) stale.add(d.pollLast().object());
        }
        stale.forEach(drop); // outside the lock: freeing buffers need not hold up other threads
    }

    /** A system property of 0 or more, read when an object is given back, so a bad value is reported there. */
    private static long property(String name, long byDefault) {
        String v = System.getProperty(name);
        if (v == null) return byDefault;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + v + ": must be a whole number, 0 or more");
    }

    private static int property(String name, int byDefault) {
        return (int) Math.min(Integer.MAX_VALUE, property(name, (long) byDefault));
    }

    /** One object lent to the calling thread; closing gives it back (once). */
    public static final class Lease<T> implements AutoCloseable {
        private final CodecPool<T> pool;
        private final String key;
        private T object;

        private Lease(CodecPool<T> pool, String key, T object) {
            this.pool = pool;
            this.key = key;
            this.object = object;
        }

        public T get() {
            if (object == null) throw new IllegalStateException("the lease was closed");
            return object;
        }

        @Override
        public void close() {
            if (object == null) return;
            T t = object;
            object = null;
            pool.giveBack(key, t);
        }
    }
}
