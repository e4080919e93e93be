package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/**
 * Uniform and normal fills on random.cu: element i is Philox 4x32-10 at stream position
 * {@code offset + i} of key {@code seed}, the counter layout of {@code ionas.kernels.Philox}, so a
 * generator gives the same numbers on the CPU and the GPU.
 */
final class CudaRandom {
    private static final Kernel UNIFORM = new Kernel("random", "uniform_f32"), NORMAL = new Kernel("random", "normal_f32");

    private final CudaLaunch launch;

    CudaRandom(CudaLaunch launch) {
        this.launch = launch;
    }

    void random(NDArray out, long seed, long offset, boolean normal) {
        long po = address("random", out);
        long n = out.numel();
        if (n == 0) return;
        if (!out.isContiguous()) throw new IllegalArgumentException("random: the output must be contiguous");
        // seed and offset are the kernel's unsigned 64-bit values: the same bits as Java's longs
        launch.kernel(normal ? NORMAL : UNIFORM, strideGrid(n), BLOCK).ptr(po).i64(n).i64(seed).i64(offset).launch();
    }
}
