package ionas.tensor.cuda;

import static ionas.kernels.cuda.CudaCheck.check;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.JCudaDriver;

/**
 * Packs kernel arguments and launches kernels of the PTX modules on a context's one stream.
 *
 * <p>Every argument is a {@link Pointer} to host memory holding the parameter's bytes, which is
 * what {@code cuLaunchKernel}'s {@code kernelParams} wants; the driver copies them at launch, so
 * the Java arrays may die right after. A device pointer is passed as its 8-byte address
 * ({@link #ptr(long)}): a view's offset has already been added to it as plain address arithmetic
 * (what {@code CUdeviceptr.withByteOffset} means), which keeps the argument independent of how
 * JCuda resolves nested pointer objects.
 *
 * <p>Launches are asynchronous: a kernel fault shows up at the next synchronizing call (a
 * download, {@link CudaContext#synchronize()}). With {@code -Dionas.cuda.sync=true} every launch
 * is followed by a stream synchronization, so the failure names the kernel that caused it: the
 * switch for debugging a first run on a new GPU.
 */
final class CudaLaunch {
    /** Threads per block of the 1-D kernels. */
    static final int BLOCK = 256;
    /** The largest grid.y and grid.z (and the grid-stride kernels' grid.x, by their convention). */
    static final int MAX_GRID_YZ = 65535;

    private static final boolean SYNC = Boolean.getBoolean("ionas.cuda.sync");

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
    void launch(String module, String kernel, int grid, int block, Pointer... args) {
        launch(module, kernel, grid, 1, 1, block, 1, args);
    }

    /** Launches {@code module.kernel} on the context's stream (asynchronously, see the class comment). */
    void launch(String module, String kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, Pointer... args) {
        if (gridX < 1 || gridY < 1 || gridY > MAX_GRID_YZ || gridZ < 1 || gridZ > MAX_GRID_YZ)
            throw new IllegalArgumentException(kernel + ": grid (" + gridX + ", " + gridY + ", " + gridZ
                    + ") is outside the CUDA limits (x >= 1, 1 <= y, z <= 65535)");
        CUfunction f = context.function(module, kernel);
        context.makeCurrent(); // the calling thread may not be the one that created the context
        checkBlock(module + "." + kernel, f, blockX * blockY);
        check(JCudaDriver.cuLaunchKernel(f, gridX, gridY, gridZ, blockX, blockY, 1, 0, context.stream(),
                Pointer.to(args), null), "cuLaunchKernel(" + module + "." + kernel + ")");
        if (SYNC) check(JCudaDriver.cuStreamSynchronize(context.stream()), "cuStreamSynchronize after " + kernel);
    }

    /**
     * Refuses a block over the kernel's limit: its {@code __launch_bounds__}, or fewer threads where
     * its registers run out first (CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK is the smaller). The
     * driver would refuse the launch too, but with a bare CUDA_ERROR_INVALID_VALUE or
     * CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES that says neither the block nor the limit.
     */
    private void checkBlock(String name, CUfunction f, int threads) {
        int limit = maxThreads.computeIfAbsent(name, key -> {
            int[] value = new int[1];
            check(JCudaDriver.cuFuncGetAttribute(value, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, f),
                    "cuFuncGetAttribute(" + key + ", MAX_THREADS_PER_BLOCK)");
            return value[0];
        });
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
    static Pointer ptr(long address) {
        return Pointer.to(new long[] {address});
    }

    static Pointer i32(int v) {
        return Pointer.to(new int[] {v});
    }

    static Pointer i64(long v) {
        return Pointer.to(new long[] {v});
    }

    static Pointer f32(float v) {
        return Pointer.to(new float[] {v});
    }

    /** A struct passed by value, as its little-endian bytes. */
    static Pointer struct(byte[] bytes) {
        return Pointer.to(bytes);
    }

    /** A struct of ints passed by value (pool.cu's {@code Pool}). */
    static Pointer struct(int[] fields) {
        return Pointer.to(fields);
    }
}
