package dev.sth.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Encoders or decoders per model, lent to one thread at a time and kept when given back. SameDiff graphs
 * are not thread-safe and building one costs more than coding a small image, so they are reused; but a
 * host's thread pool may have hundreds of threads, so what is kept is bounded by the number of objects in
 * use at once, not by the number of threads that ever coded: at most {@value #IDLE_PROPERTY} idle ones
 * per model (default: the number of processors, beyond which more at once gain nothing), the most
 * recently used first. One given back beyond that is dropped and its native buffers freed at once. No
 * thread-local holds them, so nothing pins a host's threads or, in a servlet container, its class loader.
 * The encoder and the decoder share this, so both pool the same way.
 */
public final class CodecPool<T> {

    /** System property: idle objects kept per model (0 or more). */
    public static final String IDLE_PROPERTY = "sth.codec.idle";

    private final Function<ModelBundle, T> factory;
    private final Consumer<T> drop;
    private final IntSupplier maxIdle;
    private final Map<String, Deque<T>> idle = new HashMap<>();

    /** {@code drop} frees what an object beyond the bound holds. */
    public CodecPool(Function<ModelBundle, T> factory, Consumer<T> drop) {
        this(factory, drop, CodecPool::maxIdle);
    }

    CodecPool(Function<ModelBundle, T> factory, Consumer<T> drop, IntSupplier maxIdle) {
        this.factory = factory;
        this.drop = drop;
        this.maxIdle = maxIdle;
    }

    /** An object for {@code model}, for the calling thread alone until the lease is closed. */
    public Lease<T> lease(ModelBundle model) {
        String key = model.id().sha256Hex() + "/" + model.name();
        T t;
        synchronized (idle) {
            Deque<T> d = idle.get(key);
            t = d == null ? null : d.pollFirst();
        }
        // Built outside the lock: other threads' leases need not wait for a graph to be built.
        return new Lease<>(this, key, t != null ? t : factory.apply(model));
    }

    /** Idle objects kept for {@code model} now. */
    int idle(ModelBundle model) {
        synchronized (idle) {
            Deque<T> d = idle.get(model.id().sha256Hex() + "/" + model.name());
            return d == null ? 0 : d.size();
        }
    }

    private void giveBack(String key, T t) {
        int max;
        try {
            max = maxIdle.getAsInt();
        } catch (RuntimeException e) {
            drop.accept(t);
            throw e;
        }
        synchronized (idle) {
            Deque<T> d = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (d.size() < max) {
                d.addFirst(t);
                return;
            }
        }
        drop.accept(t);
    }

    /** Read when an object is given back, so a bad value is reported by the call that gives it back. */
    private static int maxIdle() {
        String v = System.getProperty(IDLE_PROPERTY);
        if (v == null) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(IDLE_PROPERTY + "=" + v + ": must be a whole number, 0 or more");
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
