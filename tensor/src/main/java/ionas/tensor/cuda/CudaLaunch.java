package ionas.tensor.cuda;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Launches kernels of the PTX modules on a context's one stream, and packs their arguments.
 *
 * <p>Every argument is a {@link KernelArg}: the parameter's bytes, which the driver copies at
 * launch. A device pointer is passed as its 8-byte address ({@link #ptr(long)}): a view's offset
 * has already been added to it as plain address arithmetic (what {@code CUdeviceptr.withByteOffset}
 * means), which keeps the argument independent of how JCuda resolves nested pointer objects.
 *
 * <p>Launches are asynchronous: a kernel fault shows up at the next synchronizing call (a
 * download, {@link CudaContext#synchronize()}); see {@link JCudaDeviceDriver} for
 * {@code -Dionas.cuda.sync=true}, which names the failing kernel.
 */
final class CudaLaunch {
    /** Threads per block of the 1-D kernels. */
    static final int BLOCK = 256;
    /** The largest grid.y and grid.z (and the grid-stride kernels' grid.x, by their convention). */
    static final int MAX_GRID_YZ = 65535;

    private final CudaContext context;
    /** Per "module.kernel", the most threads its block may have, asked of the driver once. */
    private final ConcurrentMap<String, Integer> maxThreads = new ConcurrentHashMap<>();

    CudaLaunch(CudaContext context) {
        this.context = context;
    }

    CudaContext context() {
        return context;
    }

    /** Launches a 1-D grid of 1-D blocks. */
    void launch(String module, String kernel, int grid, int block, KernelArg... args) {
        launch(module, kernel, grid, 1, 1, block, 1, args);
    }

    /** Launches {@code module.kernel} on the context's stream (asynchronously, see the class comment). */
    void launch(String module, String kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, KernelArg... args) {
        if (gridX < 1 || gridY < 1 || gridY > MAX_GRID_YZ || gridZ < 1 || gridZ > MAX_GRID_YZ)
            throw new IllegalArgumentException(kernel + ": grid (" + gridX + ", " + gridY + ", " + gridZ
                    + ") is outside the CUDA limits (x >= 1, 1 <= y, z <= 65535)");
        checkBlock(module, kernel, blockX * blockY);
        context.driver().launch(module, kernel, gridX, gridY, gridZ, blockX, blockY, args);
    }

    /**
     * Refuses a block over the kernel's limit: its {@code __launch_bounds__}, or fewer threads where
     * its registers run out first (CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK is the smaller). The
     * driver would refuse the launch too, but with a bare CUDA_ERROR_INVALID_VALUE or
     * CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES that says neither the block nor the limit.
     */
    private void checkBlock(String module, String kernel, int threads) {
        String name = module + "." + kernel;
        int limit = maxThreads.computeIfAbsent(name, key -> context.driver().maxThreadsPerBlock(module, kernel));
        if (threads > limit)
            throw new IllegalStateException(name + ": a block of " + threads + " threads is over the kernel's limit of "
                    + limit + " (its __launch_bounds__, or what its registers allow)");
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

    /** A device pointer argument. */
    static KernelArg ptr(long address) {
        return KernelArg.ptr(address);
    }

    static KernelArg i32(int v) {
        return KernelArg.i32(v);
    }

    static KernelArg i64(long v) {
        return KernelArg.i64(v);
    }

    static KernelArg f32(float v) {
        return KernelArg.f32(v);
    }

    static KernelArg f64(double v) {
        return KernelArg.f64(v);
    }

    /** A struct passed by value, as its little-endian bytes. */
    static KernelArg struct(byte[] bytes) {
        return new KernelArg(bytes);
    }

    /** A struct of ints passed by value (pool.cu's {@code Pool}). */
    static KernelArg struct(int[] fields) {
        return KernelArg.ints(fields);
    }
}
