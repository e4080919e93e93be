package ionas.kernels.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The one place where CPU kernels go parallel.
 *
 * <p>Work is split into at most {@link #threads()} contiguous chunks: kernels hand in a range of
 * independent tasks (rows of a GEMM panel, images of a batch) and each chunk runs its tasks in
 * order, so a task sees warm caches from its neighbour. {@code -Dionas.threads=N} sets the count;
 * the default is every core the JVM sees.
 *
 * <p><b>Why not a ForkJoinPool.</b> A training step is hundreds of short kernels back to back. A
 * ForkJoinPool parks its idle workers at once, and waking one costs 10-30 us on the VMs measured
 * (2-core AMD EPYC, 2026-12-04: 13-30 us mean per round trip), as long as a 64 x 64 x 256 GEMM.
 * So this class keeps a small team the way OpenMP runtimes and OpenBLAS do: after a region the
 * workers spin for {@link #SPIN_NANOS} watching for the next one, and only then park. A region
 * started while they spin costs about a microsecond; the spin is short enough that an idle
 * program sleeps.
 *
 * <p>A region's chunks go to whoever takes them first (the caller included), so a worker that
 * the operating system has not scheduled yet delays nothing: the caller runs its chunk instead.
 * Chunks write disjoint outputs, so which thread runs one never changes a result.
 *
 * <p>One region runs at a time. A call made while another thread's region runs, or from inside a
 * chunk (a nested region), runs inline on the calling thread.
 */
public final class Parallel {
    private static final int THREADS =
            Math.max(1, Integer.getInteger("ionas.threads", Runtime.getRuntime().availableProcessors()));

    /**
     * How long an idle worker watches for the next region before it parks. Long enough to bridge
     * the gaps between the kernels of a training step (a few to a few hundred microseconds),
     * short enough not to burn a core for long after the last one.
     */
    static final long SPIN_NANOS = 200_000;

    /** Below this many element operations per thread, handing work to a worker costs more than it saves. */
    private static final long MIN_WORK_PER_THREAD = 32_768;

    private static final Team TEAM = THREADS == 1 ? null : new Team(THREADS - 1);

    private Parallel() {}

    /** The number of threads kernels use. */
    public static int threads() {
        return THREADS;
    }

    /** A chunk of tasks {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, tasks)} split into contiguous chunks. Runs inline when
     * there is one thread, one task, or when {@code work} (a rough count of multiply-adds or
     * element operations in total) is too small to pay for handing chunks to other threads.
     */
    public static void forRange(int tasks, long work, RangeBody body) {
        int chunks = (int) Math.min(Math.min(THREADS, tasks), Math.max(1, work / MIN_WORK_PER_THREAD));
        if (chunks <= 1 || TEAM == null || !TEAM.run(body, tasks, chunks)) body.run(0, tasks);
    }

    /** Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)}, in parallel chunks. */
    public static void forEach(int tasks, long work, IntConsumer body) {
        forRange(tasks, work, (from, to) -> {
            for (int i = from; i < to; i++) body.accept(i);
        });
    }

    /**
     * False while another region holds the team (or there is no team): a region started now
     * would run inline. A hint for kernels that cut their work differently when alone.
     */
    public static boolean teamAvailable() {
        return TEAM != null && !TEAM.busy.get();
    }

    /** One region: the work, and the counters its chunks are claimed and counted with. */
    private static final class Region {
        /** Cleared once every chunk is done, so an old region does not keep its arrays alive. */
        RangeBody body;
        final int tasks, chunks;
        final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        volatile Throwable failure;

        Region(RangeBody body, int tasks, int chunks) {
            this.body = body;
            this.tasks = tasks;
            this.chunks = chunks;
        }

        /** Runs chunks until none is left unclaimed. A stale region has none left, so this is a no-op. */
        void takeChunks() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (failure == null) body.run((int) ((long) tasks * c / chunks), (int) ((long) tasks * (c + 1) / chunks));
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** The worker threads and the region they share. */
    private static final class Team {
        private final Worker[] workers;
        /**
         * Held by the thread whose region runs. Another caller, or a nested call from inside a
         * chunk (the caller's or a worker's), finds it taken and runs inline instead of waiting.
         */
        final AtomicBoolean busy = new AtomicBoolean();
        /** The latest region; workers watch this reference change. */
        private volatile Region current;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(i + 1);
                workers[i].start();
            }
        }

        /** Runs the region with the team and returns true, or returns false when the team is taken. */
        boolean run(RangeBody body, int tasks, int chunks) {
            if (!busy.compareAndSet(false, true)) return false;
            try {
                Region region = new Region(body, tasks, chunks);
                current = region;
                // Dekker-style with the worker's `parked` flag: either it sees `current` change
                // before parking, or this read sees it parked and wakes it.
                for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
                region.takeChunks();
                while (region.done.get() < chunks) Thread.onSpinWait();
                region.body = null;
                Throwable t = region.failure;
                if (t instanceof RuntimeException e) throw e;
                if (t instanceof Error e) throw e;
                if (t != null) throw new IllegalStateException(t);
                return true;
            } finally {
                busy.set(false);
            }
        }

        private final class Worker extends Thread {
            volatile boolean parked;

            Worker(int index) {
                super("ionas-kernel-" + index);
                setDaemon(true);
            }

            /** Wait for a new region, spinning and then parking, and help with it. */
            @Override
            public void run() {
                Region seen = current;
                while (true) {
                    long spinUntil = System.nanoTime() + SPIN_NANOS;
                    Region now;
                    while ((now = current) == seen) {
                        if (System.nanoTime() < spinUntil) {
                            Thread.onSpinWait();
                        } else {
                            parked = true;
                            if (current == seen) LockSupport.park(this);
                            parked = false;
                        }
                    }
                    seen = now;
                    now.takeChunks();
                }
            }
        }
    }
}
