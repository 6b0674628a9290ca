package dev.sth.model;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The native memory of one transform's inference session, reused from one call to the next and freed
 * deterministically. SameDiff's default manager leaves many intermediates to the garbage collector,
 * which does not see native buffers, so a decoding loop grew by tens of MB per image; and freeing large
 * buffers on every call fragments glibc's heap (its mmap threshold rises after the first free), so the
 * process kept growing even when everything was freed. Here a released buffer goes back to a pool keyed
 * by type and length (a portrait image reuses a landscape one's buffers), every buffer is back in the
 * pool once the graph has run ({@link #reclaim}), and what the pool keeps beyond its budget is freed,
 * oldest first.
 */
public final class InferenceMemory extends AbstractMemoryMgr {

    /** MB of idle buffers a transform (one per pooled encoder or decoder) may keep, over all its graphs. */
    static final String BUDGET_PROPERTY = "sth.inference.pool.mb";
    static final long DEFAULT_BUDGET_MB = 64;

    private record Key(DataType type, long length) {
    }

    private final long budget;
    /** Free buffers, least recently returned first. */
    private final LinkedHashMap<Key, ArrayDeque<DataBuffer>> free = new LinkedHashMap<>(16, 0.75f, true);
    /** The arrays handed out and not yet back, by identity, with their buffers. */
    private final Map<INDArray, DataBuffer> inUse = new IdentityHashMap<>();
    private long freeBytes;

    /** The idle bytes one transform may keep ({@value #BUDGET_PROPERTY}), to share among its graphs. */
    static long budgetBytes() {
        return Math.max(0, Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_MB)) << 20;
    }

    /**
     * The manager for the graph {@code sd} in the calling thread's session (taken over from the thread that
     * ran the graph last, if another did), installed on first use, keeping up to {@code budgetBytes} of
     * idle buffers. For a gradient, attach to the graph's gradient function
     * ({@code sd.getFunction("grad")}), which runs it. An optimisation loop that runs the same graph many
     * times keeps all of them ({@link Long#MAX_VALUE}) and {@link #close}s the pool when it is done: freeing
     * and reallocating hundreds of MB per iteration fragments glibc's arenas, so the process grew with every
     * iteration until a garbage collection happened to run.
     */
    public static InferenceMemory attach(SameDiff sd, long budgetBytes) {
        Map<Long, InferenceSession> sessions = sd.getSessions();
        long me = Thread.currentThread().getId();
        InferenceSession session = sessions.get(me);
        if (session == null) {
            // A graph is used by one thread at a time (CodecPool lends its owner to one thread), so the
            // session, and its pool, of the thread that ran it last moves to this one rather than staying
            // behind as one more per thread.
            session = sessions.isEmpty() ? new InferenceSession(sd) : sessions.values().iterator().next();
            sessions.clear();
            sessions.put(me, session);
        }
        if (session.getMmgr() instanceof InferenceMemory m && m.budget == Math.max(0, budgetBytes)) return m;
        if (session.getMmgr() instanceof InferenceMemory m) m.close();
        InferenceMemory m = new InferenceMemory(budgetBytes);
        session.setMmgr(m);
        return m;
    }

    /** Frees every buffer that the sessions of {@code sd} keep, and the sessions: the graph's owner is dropped. */
    public static void release(SameDiff sd) {
        for (InferenceSession session : sd.getSessions().values()) {
            if (session.getMmgr() instanceof InferenceMemory m) m.close();
        }
        sd.getSessions().clear();
    }

    InferenceMemory(long budgetBytes) {
        this.budget = Math.max(0, budgetBytes);
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return allocate(dataType, 'c', shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) return Nd4j.create(descriptor);
        return allocate(descriptor.dataType(), descriptor.getOrder(), descriptor.getShape());
    }

    private INDArray allocate(DataType type, char order, long[] shape) {
        long length = 1;
        for (long d : shape) length *= d;
        Key key = new Key(type, length);
        ArrayDeque<DataBuffer> q = free.get(key);
        INDArray a;
        if (q != null && !q.isEmpty()) {
            DataBuffer b = q.pop();
            freeBytes -= bytes(b);
            a = Nd4j.create(b, shape, Nd4j.getStrides(shape, order), 0, order, type);
        } else {
            a = Nd4j.createUninitializedDetached(type, order, shape);
        }
        inUse.put(a, a.data());
        return a;
    }

    /**
     * Only an array this manager handed out gives its buffer back early; any other (a view or reshape an
     * op made of one) is ignored, and its buffer comes back with {@link #reclaim}.
     */
    @Override
    public void release(INDArray array) {
        DataBuffer b = inUse.remove(array);
        if (b != null) giveBack(b);
        trim();
    }

    /** Returns every buffer still handed out to the pool; the graph's outputs must have been copied first. */
    public void reclaim() {
        for (DataBuffer b : inUse.values()) giveBack(b);
        inUse.clear();
        trim();
    }

    /** Bytes kept in the pool now. */
    long pooledBytes() {
        return freeBytes;
    }

    @Override
    public void close() {
        reclaim();
        free.values().forEach(q -> q.forEach(DataBuffer::close));
        free.clear();
        freeBytes = 0;
    }

    private void giveBack(DataBuffer b) {
        free.computeIfAbsent(new Key(b.dataType(), b.length()), k -> new ArrayDeque<>()).push(b);
        freeBytes += bytes(b);
    }

    private void trim() {
        Iterator<ArrayDeque<DataBuffer>> it = free.values().iterator();
        while (freeBytes > budget && it.hasNext()) {
            ArrayDeque<DataBuffer> q = it.next();
            while (freeBytes > budget && !q.isEmpty()) {
                DataBuffer b = q.removeLast();
                freeBytes -= bytes(b);
                b.close();
            }
            if (q.isEmpty()) it.remove();
        }
    }

    private static long bytes(DataBuffer b) {
        return b.length() * b.getElementSize();
    }
}
