package ionas.tensor.cpu;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays released by {@link ionas.tensor.MemoryScope}s, kept per thread for the next
 * allocation of the same size: the CPU's counterpart of the CUDA caching allocator.
 *
 * <p>Why: a training step allocates its activations, gradients and temporaries afresh every time
 * (about 290 MB for a NAS-Bench-101 step at batch 32), and the same sizes come back each step. Taken
 * from the collector, that is a stream of large arrays allocated outside the thread-local buffers,
 * zeroed, and copied by every young collection that finds them still live mid-step: time, and
 * a step time that varies with when the collector runs. Reused, a steady step allocates almost
 * nothing.
 *
 * <p>Per thread, because a step's scope is closed by the thread that ran it and that thread's
 * next step asks for the same sizes; no locks are needed. Held through a {@link SoftReference}
 * and capped at {@link #CAPACITY_FLOATS}, so a pool never causes an OutOfMemoryError: under
 * memory pressure the collector clears it.
 */
final class ArrayPool {
    private ArrayPool() {}

    /** At most an eighth of the heap's maximum, in floats, per thread. */
    static final long CAPACITY_FLOATS = Runtime.getRuntime().maxMemory() / 8 / Float.BYTES;

    private static final class Free {
        final Map<Integer, ArrayDeque<float[]>> bySize = new HashMap<>();
        long floats;
    }

    private static final ThreadLocal<SoftReference<Free>> POOL = ThreadLocal.withInitial(() -> new SoftReference<>(new Free()));

    /** An array of exactly {@code size} floats from this thread's pool, or null. Its contents are stale. */
    static float[] take(int size) {
        Free free = POOL.get().get();
        if (free == null) return null;
        ArrayDeque<float[]> arrays = free.bySize.get(size);
        float[] a = arrays == null ? null : arrays.pollLast();
        if (a != null) free.floats -= size;
        return a;
    }

    /** Keeps {@code array} for a later {@link #take} on this thread, if the pool has room. */
    static void give(float[] array) {
        Free free = POOL.get().get();
        if (free == null) {
            free = new Free();
            POOL.set(new SoftReference<>(free));
        }
        if (array.length == 0 || free.floats + array.length > CAPACITY_FLOATS) return;
        free.bySize.computeIfAbsent(array.length, k -> new ArrayDeque<>()).addLast(array);
        free.floats += array.length;
    }
}
