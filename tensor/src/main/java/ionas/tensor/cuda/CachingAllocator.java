package ionas.tensor.cuda;

import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.MemInfo;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Device memory with a cache in front of the driver, in the spirit of PyTorch's caching allocator.
 * {@code cuMemAlloc}/{@code cuMemFree} cost tens of microseconds to milliseconds and
 * {@code cuMemFree} synchronizes the device, so a training step that allocates every
 * intermediate from the driver would spend its time there. Instead a freed block goes to a free
 * list for its size class and the next request of that class takes it back without a driver call.
 *
 * <p><b>Size classes.</b> A request is rounded up to a multiple of 512 B below 1 MiB (small
 * tensors: waste at most 511 B, and 512 B keeps every block aligned for vector loads) and to a
 * multiple of 2 MiB from 1 MiB on (large tensors: waste at most 2 MiB minus one byte, under a
 * half of any such request, and 2 MiB is the driver's own large-page granularity, so smaller
 * steps would not save device memory anyway). A block is only reused for its exact class: no
 * splitting or best-fit as PyTorch does, which keeps the bookkeeping to a map of free lists at the
 * cost of some memory held in classes nobody asks for again; {@link #emptyCache()} returns it.
 *
 * <p><b>Running out.</b> When the driver refuses an allocation, the cache is given back to the
 * driver and the allocation tried once more. If that fails too, the last resort is the Java
 * garbage collector: tensors that died without being closed hold their blocks until their
 * {@link java.lang.ref.Cleaner}s run, and the collector runs on heap pressure, which a GPU tensor
 * (a small heap object) hardly makes. So the allocator asks for a collection, waits for the
 * Cleaners to return what they free, and tries again; it says so on stderr the first time, since
 * it costs milliseconds and means some code is leaving tensors to the collector. Only then does
 * {@link OutOfDeviceMemory} say what was asked for, what ionas holds and what the device reports.
 *
 * <p><b>Streams.</b> A freed block may be handed out again at once, while kernels queued earlier
 * may still read it. That is safe because ionas queues all work of a device on one stream, so the
 * new owner's kernels run after the old owner's; a second stream would need events (PyTorch's
 * {@code record_stream}).
 *
 * <p><b>Threads.</b> Every method is {@code synchronized}. The hot path is a map lookup, so the
 * lock is held for well under a microsecond; the driver calls made under it
 * (allocation, emptying the cache) serialize on the device anyway, and holding the lock across
 * "empty the cache, retry" keeps another thread from refilling the cache in between. It matters
 * because {@link CudaStorage}'s {@link java.lang.ref.Cleaner} frees blocks from its own thread.
 * {@link #free} never calls the driver, so that thread needs no CUDA context.
 *
 * <p><b>Graphs.</b> A captured CUDA graph replays its kernels on the addresses they were captured
 * with, including those of blocks that were freed during the step. So while a graph is captured
 * ({@link #beginGraphPool} to {@link #endGraphPool}) a freed block goes to the graph's own pool,
 * which later allocations of the capture draw on first, and not to the cache: nobody else may be
 * handed it while the graph lives. {@link #releaseGraphPool} gives the pool to the cache when the
 * graph is destroyed. Its blocks count as in use until then.
 */
public final class CachingAllocator {
    /** Granularity below {@link #LARGE}. */
    public static final long SMALL_STEP = 512;
    /** From this size on, requests are rounded to {@link #LARGE_STEP}. */
    public static final long LARGE = 1L << 20;
    /** Granularity from {@link #LARGE} on. */
    public static final long LARGE_STEP = 2L << 20;

    /**
     * The allocator's counters, in bytes of rounded blocks.
     *
     * @param inUse bytes handed out and not yet freed
     * @param cached bytes in the free lists, held from the driver but unused
     * @param peakInUse the largest {@code inUse} since creation or the last {@link #resetPeak()}
     * @param driverAllocations successful driver allocations (cache misses)
     * @param cacheHits allocations served from a free list
     * @param collections garbage collections asked for because the driver had no memory left
     */
    public record Stats(long inUse, long cached, long peakInUse, long driverAllocations, long cacheHits,
                        long collections) {}

    /** The longest the last resort waits for the Cleaners after a collection. */
    private static final long CLEANER_WAIT_NANOS = 2_000_000_000L;

    private final DeviceMemory memory;
    /**
     * Free blocks by size class; sorted so emptying the cache frees in a stable order. A class's
     * list stays when it runs empty (until {@link #emptyCache()}): an op that frees and allocates
     * the same class each step would otherwise make a new list every time.
     */
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
    /** The size class of every block handed out, by address: what {@link #free} needs to know. */
    private final Map<Long, Long> live = new HashMap<>();
    private long inUse;
    private long cached;
    private long peakInUse;
    private long driverAllocations;
    private long cacheHits;
    private long collections;
    /** The pool of the graph being captured, by size class; null when no capture is under way. */
    private TreeMap<Long, ArrayDeque<Long>> graphPool;

    /**
     * The blocks that were freed while a graph was captured, which its replays may still use: held
     * from the cache until {@link #releaseGraphPool}.
     */
    public static final class GraphPool {
        private final TreeMap<Long, ArrayDeque<Long>> blocks;
        private boolean released;

        private GraphPool(TreeMap<Long, ArrayDeque<Long>> blocks) {
            this.blocks = blocks;
        }
    }

    public CachingAllocator(DeviceMemory memory) {
        if (memory == null) throw new IllegalArgumentException("memory must not be null");
        this.memory = memory;
    }

    /** The size class of a request of {@code bytes}: what a block for it really takes. */
    public static long roundUp(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("cannot allocate " + bytes + " bytes");
        if (bytes == 0) return SMALL_STEP; // every block needs its own address
        long step = bytes < LARGE ? SMALL_STEP : LARGE_STEP;
        return Math.ceilDiv(bytes, step) * step;
    }

    /**
     * A block of at least {@code bytes} (0 gives the smallest block), from the cache if one of
     * its size class is free, else from the driver.
     *
     * @throws OutOfDeviceMemory if the driver refuses even after the cache was emptied and the
     *     garbage collector has returned the blocks of unreachable tensors
     */
    public long allocate(long bytes) {
        long pointer = allocateOrZero(bytes);
        if (pointer != 0) return pointer;
        // Not synchronized from here: the Cleaners' thread needs the lock to return blocks.
        collectUnreachable();
        pointer = allocateOrZero(bytes);
        if (pointer == 0) throw outOfMemory(bytes);
        return pointer;
    }

    /** The cache, else the driver, else the driver after emptying the cache; 0 if all refuse. */
    private synchronized long allocateOrZero(long bytes) {
        long size = roundUp(bytes);
        ArrayDeque<Long> pooled = graphPool != null ? graphPool.get(size) : null;
        if (pooled != null && !pooled.isEmpty()) {
            inUse -= size; // counted in use while pooled; handOut counts it again
            cacheHits++;
            return handOut(pooled.pop(), size);
        }
        ArrayDeque<Long> list = free.get(size);
        if (list != null && !list.isEmpty()) {
            long pointer = list.pop();
            cached -= size;
            cacheHits++;
            return handOut(pointer, size);
        }
        long pointer = memory.allocate(size);
        if (pointer == 0) {
            emptyCache();
            pointer = memory.allocate(size);
            if (pointer == 0) return 0;
        }
        driverAllocations++;
        return handOut(pointer, size);
    }

    /**
     * Runs the garbage collector and waits until the Cleaners have returned what it found dead:
     * until the Cleaner has run a sentinel that died before the collection, and then until the
     * bytes in use stop falling for a few milliseconds, at most
     * {@link #CLEANER_WAIT_NANOS}. The Cleaners run on their own thread, and nothing says when
     * they are done, so the wait watches their effect.
     */
    private void collectUnreachable() {
        long before;
        synchronized (this) {
            if (collections++ == 0) {
                System.err.println("ionas: CUDA device memory is full; running the Java garbage collector to free the"
                        + " memory of unreachable tensors (slow: a step should free its temporaries; said once)");
            }
            before = inUse;
        }
        CountDownLatch sentinel = CudaStorage.cleanerSentinel();
        System.gc();
        long deadline = System.nanoTime() + CLEANER_WAIT_NANOS;
        try {
            // On a loaded machine the Cleaner's thread may not run for longer than the quiet spell below.
            sentinel.await(CLEANER_WAIT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long last = before;
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now;
            synchronized (this) {
                now = inUse;
            }
            quiet = now < last ? 0 : quiet + 1;
            last = now;
        }
    }

    /** Returns a block from {@link #allocate} to the cache (not to the driver). */
    public synchronized void free(long pointer) {
        Long size = live.remove(pointer);
        if (size == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(pointer)
                    + " is not a block of this allocator in use (freed twice, or never allocated here)");
        }
        if (graphPool != null) {
            graphPool.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pointer); // still in use: by the graph
            return;
        }
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pointer);
        inUse -= size;
        cached += size;
    }

    /** Starts the pool of a graph capture: blocks freed from now on are kept for the graph. */
    public synchronized void beginGraphPool() {
        if (graphPool != null) throw new IllegalStateException("a graph capture is already under way");
        graphPool = new TreeMap<>();
    }

    /** Ends the capture's pool and hands it to the graph, which must {@link #releaseGraphPool} it. */
    public synchronized GraphPool endGraphPool() {
        if (graphPool == null) throw new IllegalStateException("no graph capture is under way");
        GraphPool pool = new GraphPool(graphPool);
        graphPool = null;
        return pool;
    }

    /** Gives the blocks of a graph's pool to the cache: the graph is destroyed. Later calls do nothing. */
    public synchronized void releaseGraphPool(GraphPool pool) {
        if (pool.released) return;
        pool.released = true;
        for (Map.Entry<Long, ArrayDeque<Long>> e : pool.blocks.entrySet()) {
            for (long pointer : e.getValue()) {
                free.computeIfAbsent(e.getKey(), s -> new ArrayDeque<>()).push(pointer);
                inUse -= e.getKey();
                cached += e.getKey();
            }
        }
    }

    /** Gives every cached block back to the driver, e.g. before another process needs the GPU. */
    public synchronized void emptyCache() {
        for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
            for (long pointer : e.getValue()) memory.free(pointer);
        }
        free.clear();
        cached = 0;
    }

    public synchronized Stats stats() {
        return new Stats(inUse, cached, peakInUse, driverAllocations, cacheHits, collections);
    }

    /**
     * Starts a new peak: {@link Stats#peakInUse()} becomes the bytes in use now, so that the next
     * reading is the peak of what ran in between (a training step's, for the step profile), as
     * {@code torch.cuda.reset_peak_memory_stats} does.
     */
    public synchronized void resetPeak() {
        peakInUse = inUse;
    }

    /** The size class of the live block at {@code pointer}. */
    public synchronized long sizeOf(long pointer) {
        Long size = live.get(pointer);
        if (size == null) throw new IllegalArgumentException("0x" + Long.toHexString(pointer) + " is not a live block");
        return size;
    }

    private long handOut(long pointer, long size) {
        live.put(pointer, size);
        inUse += size;
        peakInUse = Math.max(peakInUse, inUse);
        return pointer;
    }

    private synchronized OutOfDeviceMemory outOfMemory(long bytes) {
        MemInfo info = memory.info();
        String message = "CUDA out of memory: tried to allocate " + ByteSizes.format(roundUp(bytes)) + " (" + bytes
                + " bytes requested); ionas holds " + ByteSizes.format(inUse + cached) + " ("
                + ByteSizes.format(inUse) + " in use + " + ByteSizes.format(cached)
                + " cached, after giving the cache back and collecting unreachable tensors); the device reports "
                + ByteSizes.format(info.free()) + " free of " + ByteSizes.format(info.total()) + " total";
        return new OutOfDeviceMemory(bytes, message);
    }
}
