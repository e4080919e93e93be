package ionas.tensor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Device memory returned when a block of code ends, rather than when the garbage collector gets
 * round to it. A training step on a GPU allocates gigabytes of activations, gradients and
 * temporaries, but only a few megabytes of Java heap, so the collector, which runs on heap
 * pressure, would leave the device full of dead arrays long before it ran. Inside a scope every
 * device storage that is allocated belongs to the scope; when the scope closes, each one goes back
 * to the device's cache at once, except those that {@link #keep} hands out of it:
 *
 * <pre>{@code
 * try (MemoryScope step = MemoryScope.open()) {
 *     optimizer.zeroGrad();
 *     Tensor loss = lossFn.apply(model.forward(x), y);
 *     loss.backward();
 *     optimizer.step();
 *     step.keep(optimizer.stateDict().values()); // momentum buffers made by the first step
 *     return loss.item();                         // read before the scope closes
 * }
 * }</pre>
 *
 * An array used after its scope closed fails loudly ("this CUDA storage has been closed") rather
 * than reading memory that now belongs to someone else, so a forgotten {@link #keep} is found at
 * once. On the CPU a scope does the same for the arrays the backend allocates: they go back to the
 * thread's pool of arrays for the next step to reuse, rather than to the garbage collector.
 *
 * <p>Scopes nest, per thread: what an inner scope keeps belongs to the outer one, and what the
 * outermost keeps belongs to nobody (the collector frees it, as outside any scope).
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final Thread owner = Thread.currentThread();
    private final Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    /** Opens a scope on this thread; close it in the same thread (try-with-resources). */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Gives a freshly allocated device storage to the innermost open scope of this thread, if any.
     * Backends call it for every storage they allocate and can reuse (the CPU's pooled arrays,
     * every device block); storages wrapping a caller's own array are not given.
     */
    public static void adopt(Storage storage) {
        MemoryScope scope = CURRENT.get();
        if (scope != null) scope.owned.add(storage);
    }

    /** Whether this thread has an open scope that new storages would belong to. */
    public static boolean isOpen() {
        return CURRENT.get() != null;
    }

    /**
     * Runs {@code allocation} outside every scope of this thread: for memory that outlives any
     * step by design (a backend's own long-lived buffers, a model moved to the device).
     */
    public static <T> T outside(Supplier<T> allocation) {
        MemoryScope scope = CURRENT.get();
        CURRENT.remove();
        try {
            return allocation.get();
        } finally {
            if (scope != null) CURRENT.set(scope);
        }
    }

    /**
     * Hands the storages of {@code arrays} out of every open scope of this thread, to nobody: for
     * state that outlives any step by design, whichever scope made it (an optimiser's moments,
     * made by its first step). Null entries are skipped.
     */
    public static void detach(Collection<NDArray> arrays) {
        for (MemoryScope scope = CURRENT.get(); scope != null; scope = scope.parent) {
            for (NDArray a : arrays) if (a != null) scope.owned.remove(a.storage());
        }
    }

    /** Hands the storages of {@code arrays} out of this scope, to the enclosing one (or to nobody). */
    public void keep(NDArray... arrays) {
        keep(List.of(arrays));
    }

    /** Hands the storages of {@code arrays} out of this scope; null entries are skipped. */
    public void keep(Collection<NDArray> arrays) {
        checkOpen();
        for (NDArray a : arrays) {
            if (a == null || !owned.remove(a.storage())) continue;
            if (parent != null) parent.owned.add(a.storage());
        }
    }

    /**
     * Returns the storage of {@code array} to its device now, if this scope holds it (else does
     * nothing): for code that knows an array it made is dead before the scope ends, as backward
     * knows of a gradient it has passed on. Views of the same storage must be dead too.
     */
    public void releaseNow(NDArray array) {
        checkOpen();
        if (array != null && owned.remove(array.storage())) array.storage().release();
    }

    /** Whether this scope holds the storage of {@code array}. */
    public boolean holds(NDArray array) {
        return owned.contains(array.storage());
    }

    /** The number of storages the scope holds now. */
    public int size() {
        return owned.size();
    }

    /** Returns every storage the scope still holds to its device, and makes the enclosing scope current. */
    @Override
    public void close() {
        if (closed) return;
        if (Thread.currentThread() != owner)
            throw new IllegalStateException("a MemoryScope must be closed by the thread that opened it (" + owner.getName() + ")");
        if (CURRENT.get() != this)
            throw new IllegalStateException("MemoryScopes must close innermost first: an inner scope is still open");
        closed = true;
        CURRENT.set(parent);
        if (parent == null) CURRENT.remove();
        List<Storage> release = new ArrayList<>(owned);
        owned.clear();
        for (Storage s : release) s.release();
    }

    /**
     * Closes the scope as {@link #close()} does, but hands every storage it still holds to the
     * caller instead of releasing it: for an owner that outlives the scope and releases them
     * itself (a captured CUDA graph, whose replays write the memory its step allocated).
     */
    public List<Storage> closeAndTake() {
        List<Storage> taken = new ArrayList<>(owned);
        owned.clear();
        try {
            close();
        } catch (RuntimeException e) {
            owned.addAll(taken); // not closed (another thread's, or an inner scope open): nothing taken
            throw e;
        }
        return taken;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("this MemoryScope is closed");
    }
}
