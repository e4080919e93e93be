package ionas.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The one place where CPU kernels go parallel.
 *
 * <p>Work is split into at most {@link #threads()} contiguous chunks: kernels hand in a range of
 * independent tasks (rows of a GEMM panel, images of a batch) and each chunk runs its tasks in
 * order, so a task sees warm caches from its neighbour. {@code -Dionas.threads=N} sets the count;
 * the default is every core the JVM sees.
 */
public final class Parallel {
    private static final int THREADS =
            Math.max(1, Integer.getInteger("ionas.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS == 1 ? null : new ForkJoinPool(THREADS);

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
     * element operations in total) is too small to pay for waking other threads.
     */
    public static void forRange(int tasks, long work, RangeBody body) {
        int chunks = (int) Math.min(Math.min(THREADS, tasks), Math.max(1, work / MIN_WORK_PER_THREAD));
        if (chunks <= 1 || POOL == null || ForkJoinTask.getPool() == POOL) {
            body.run(0, tasks);
            return;
        }
        POOL.invoke(new Chunk(body, tasks, chunks, 0, chunks));
    }

    /** Runs {@code body.accept(i)} for every {@code i} in {@code [0, tasks)}, in parallel chunks. */
    public static void forEach(int tasks, long work, IntConsumer body) {
        forRange(tasks, work, (from, to) -> {
            for (int i = from; i < to; i++) body.accept(i);
        });
    }

    /** Below this many element operations per thread, waking a worker (about 12 us here) costs more than it saves. */
    private static final long MIN_WORK_PER_THREAD = 131_072;

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int tasks, chunks, lo, hi;

        Chunk(RangeBody body, int tasks, int chunks, int lo, int hi) {
            this.body = body;
            this.tasks = tasks;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int from = (int) ((long) tasks * lo / chunks);
                int to = (int) ((long) tasks * hi / chunks);
                if (from < to) body.run(from, to);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunk(body, tasks, chunks, lo, mid), new Chunk(body, tasks, chunks, mid, hi));
        }
    }
}
