package dev.sth.model;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One codec object per thread and model (SameDiff graphs are not thread-safe, and building one costs
 * more than coding a small image), built on first use and kept for the thread's lifetime. The encoder
 * and the decoder share this, so both cache the same way.
 */
public final class PerThread<T> {

    private final ThreadLocal<Map<String, T>> perThread = ThreadLocal.withInitial(HashMap::new);
    private final Function<ModelBundle, T> factory;

    public PerThread(Function<ModelBundle, T> factory) {
        this.factory = factory;
    }

    /** The calling thread's object for {@code model}; models are told apart by content hash and name. */
    public T get(ModelBundle model) {
        return perThread.get().computeIfAbsent(model.id().sha256Hex() + "/" + model.name(), k -> factory.apply(model));
    }
}
