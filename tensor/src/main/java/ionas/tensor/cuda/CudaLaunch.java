package ionas.tensor.cuda;

import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Launches kernels of the PTX modules on a context's one stream. One per context
 * ({@link CudaContext#launcher()}). A launch reads as the kernel, its geometry and its arguments:
 *
 * <pre>
 *   launch.kernel(BINARY, blocks(n, BLOCK), BLOCK).ptr(out).ptr(a).ptr(b).i32(op.ordinal()).i32(n).launch();
 * </pre>
 *
 * <p><b>Nothing is allocated per launch.</b> The {@link Kernel} is a constant of the calling
 * class; its {@link KernelHandle} (on a GPU the {@code CUfunction} and its block limit) is asked of
 * the driver once per context and kept here. The arguments are written into a {@link KernelArgs}
 * that is reused from launch to launch. A device pointer is passed as its 8-byte address: a view's
 * offset has already been added to it as plain address arithmetic (what
 * {@code CUdeviceptr.withByteOffset} means).
 *
 * <p><b>Threads.</b> Each thread that launches gets its own {@link Pending} launch, with its own
 * argument list, the first time it launches on this context; it is confined to that thread.
 * Launches from several threads therefore never mix their arguments: each is queued whole on the
 * one stream, in the order the threads reach the driver. The rules, each checked so that breaking
 * one throws {@link IllegalStateException} instead of launching wrong arguments:
 * <ul>
 *   <li>{@link #kernel} starts the thread's launch, and {@link Pending#launch()} ends it; an
 *       argument written outside those two calls throws. This catches a launch nested in another's
 *       argument list ({@code .ptr(address(op, elementwise.dense(x)))} where {@code dense} copies):
 *       the inner launch reuses the thread's list and ends it, so the outer's next argument
 *       throws. Compute such values before {@code kernel(...)}.
 *   <li>A pending launch is used only by its own thread: handing it to another throws there.
 *   <li>A launch abandoned half-written (an argument's expression threw) is simply discarded by the
 *       thread's next {@code kernel(...)}.
 * </ul>
 *
 * <p>Launches are asynchronous: a kernel fault shows up at the next synchronizing call (a
 * download, {@link CudaContext#synchronize()}); see {@link ionas.tensor.cuda.driver.JCudaDeviceDriver} for
 * {@code -Dionas.cuda.sync=true}, which names the failing kernel.
 */
final class CudaLaunch {
    /** Threads per block of the 1-D kernels. */
    static final int BLOCK = 256;
    /** The largest grid.y and grid.z (and the grid-stride kernels' grid.x, by their convention). */
    static final int MAX_GRID_YZ = 65535;

    private final CudaContext context;
    /** The driver's handle of each kernel launched so far, asked of it once. */
    private final ConcurrentMap<Kernel, KernelHandle> handles = new ConcurrentHashMap<>();
    /** Each thread's launch and argument list, made on its first launch (see the class comment). */
    private final ThreadLocal<Pending> pending = ThreadLocal.withInitial(Pending::new);

    CudaLaunch(CudaContext context) {
        this.context = context;
    }

    CudaContext context() {
        return context;
    }

    /** Starts a launch of {@code kernel} on a 1-D grid of 1-D blocks; add its arguments, then {@link Pending#launch()}. */
    Pending kernel(Kernel kernel, int grid, int block) {
        return kernel(kernel, grid, 1, 1, block, 1);
    }

    /**
     * Starts a launch of {@code kernel} on a (gridX, gridY, gridZ) grid of (blockX, blockY) blocks;
     * add its arguments, then {@link Pending#launch()}.
     *
     * @throws IllegalArgumentException for a grid outside CUDA's limits
     * @throws IllegalStateException for a block over the kernel's limit, or a kernel the device lacks
     */
    Pending kernel(Kernel kernel, int gridX, int gridY, int gridZ, int blockX, int blockY) {
        if (gridX < 1 || gridY < 1 || gridY > MAX_GRID_YZ || gridZ < 1 || gridZ > MAX_GRID_YZ)
            throw new IllegalArgumentException(kernel + ": grid (" + gridX + ", " + gridY + ", " + gridZ
                    + ") is outside the CUDA limits (x >= 1, 1 <= y, z <= 65535)");
        KernelHandle handle = handle(kernel);
        checkBlock(handle, blockX * blockY);
        return pending.get().start(this, handle, gridX, gridY, gridZ, blockX, blockY);
    }

    /** The driver's handle of {@code kernel}, asked for on its first launch on this context. */
    KernelHandle handle(Kernel kernel) {
        KernelHandle h = handles.get(kernel);
        return h != null ? h : handles.computeIfAbsent(kernel, context.driver()::function);
    }

    /**
     * Refuses a block over the kernel's limit: its {@code __launch_bounds__}, or fewer threads where
     * its registers run out first (CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK is the smaller). The
     * driver would refuse the launch too, but with a bare CUDA_ERROR_INVALID_VALUE or
     * CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES that says neither the block nor the limit.
     */
    private static void checkBlock(KernelHandle kernel, int threads) {
        if (threads > kernel.maxThreadsPerBlock())
            throw new IllegalStateException(kernel.kernel() + ": a block of " + threads + " threads is over the kernel's limit of "
                    + kernel.maxThreadsPerBlock() + " (its __launch_bounds__, or what its registers allow)");
    }

    /** The grid of a kernel with one thread per element: ceil(n / block) blocks. */
    static int blocks(long n, int block) {
        long g = Math.max(1, (n + block - 1) / block);
        if (g > Integer.MAX_VALUE) throw new IllegalArgumentException(n + " elements need more than 2^31 - 1 blocks");
        return (int) g;
    }

    /** The grid of a grid-stride kernel with 256-thread blocks: at most 65535 blocks, the loop does the rest. */
    static int strideGrid(long n) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, MAX_GRID_YZ));
    }

    /**
     * One thread's launch being written: {@link CudaLaunch#kernel} set its kernel and geometry, the
     * argument methods append to its {@link KernelArgs} in the kernel's parameter order, and
     * {@link #launch()} queues it. Reused for the thread's next launch; see {@link CudaLaunch} for
     * the rules and what breaking them throws.
     */
    static final class Pending {
        private final Thread owner = Thread.currentThread();
        private final KernelArgs args = new KernelArgs();
        /** The launcher between kernel(...) and launch(), null otherwise: no launch is being written. */
        private CudaLaunch launcher;
        private KernelHandle kernel;
        private int gridX, gridY, gridZ, blockX, blockY;

        private Pending start(CudaLaunch launcher, KernelHandle kernel, int gridX, int gridY, int gridZ, int blockX, int blockY) {
            requireOwner();
            this.launcher = launcher; // a launch abandoned half-written is discarded here
            this.kernel = kernel;
            this.gridX = gridX;
            this.gridY = gridY;
            this.gridZ = gridZ;
            this.blockX = blockX;
            this.blockY = blockY;
            args.clear();
            return this;
        }

        /** A device pointer argument, as its 8-byte address. */
        Pending ptr(long address) {
            open().ptr(address);
            return this;
        }

        Pending i32(int v) {
            open().i32(v);
            return this;
        }

        Pending i64(long v) {
            open().i64(v);
            return this;
        }

        Pending f32(float v) {
            open().f32(v);
            return this;
        }

        Pending f64(double v) {
            open().f64(v);
            return this;
        }

        /** A struct passed by value, as its little-endian bytes ({@link CudaLayout#pack}). */
        Pending struct(byte[] bytes) {
            open().struct(bytes);
            return this;
        }

        /** A struct of ints passed by value (pool.cu's {@code Pool}). */
        Pending struct(int[] fields) {
            open().struct(fields);
            return this;
        }

        /** Queues the launch on the context's stream (asynchronously, see {@link CudaLaunch}). */
        void launch() {
            open();
            CudaLaunch l = launcher;
            launcher = null; // ended before the driver runs: a refused launch leaves nothing half-open
            l.context.driver().launch(kernel, gridX, gridY, gridZ, blockX, blockY, args);
        }

        /** The argument list, while a launch is being written on its own thread. */
        private KernelArgs open() {
            requireOwner();
            if (launcher == null)
                throw new IllegalStateException("a kernel argument or launch() with no launch being written on this thread"
                        + (kernel == null ? "" : " (the last was " + kernel.kernel() + ")")
                        + ": another launch started and ended while this one's arguments were being written (compute argument"
                        + " values that launch kernels before kernel(...)), or launch() was called twice");
            return args;
        }

        private void requireOwner() {
            if (Thread.currentThread() != owner)
                throw new IllegalStateException("a pending kernel launch of thread " + owner.getName() + " used on thread "
                        + Thread.currentThread().getName() + ": each thread launches through its own (CudaLaunch.kernel)");
        }
    }
}
