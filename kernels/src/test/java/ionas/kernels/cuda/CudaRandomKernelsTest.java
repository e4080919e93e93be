package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.assertClose;
import static ionas.kernels.cuda.CudaKernels.floats;
import static ionas.kernels.cuda.CudaKernels.longs;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static ionas.kernels.cuda.CudaKernels.strideGrid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.Philox;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** random.cu draws the CPU's Philox streams: same seed and offset, same numbers. Skipped without a GPU. */
class CudaRandomKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("random");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    // a seed with both halves set, and an offset that crosses 2^32 inside the draw, so both
    // counter words and both key words are exercised
    private static final long SEED = 0x1234_5678_9ABC_DEF0L;
    private static final long OFFSET = (1L << 32) - 1000;
    private static final int N = 100_003;

    @Test
    void uniformIsTheCpuStreamBitForBit() {
        CUdeviceptr out = k().alloc(N);
        k().launch("uniform_f32", strideGrid(N), 256, ptr(out), longs(N), longs(SEED), longs(OFFSET));
        float[] got = k().download(out, N);
        for (int i = 0; i < N; i++) assertEquals(Philox.uniform(SEED, OFFSET + i), got[i], "uniform at " + i);
    }

    @Test
    void normalIsTheCpuStream() {
        CUdeviceptr out = k().alloc(N);
        k().launch("normal_f32", strideGrid(N), 256, ptr(out), longs(N), longs(SEED), longs(OFFSET));
        float[] got = k().download(out, N);
        // Box-Muller in double on both sides; CUDA's double log/cos may differ from Java's in the
        // last double bit, which after rounding to float is at most one float ulp
        for (int i = 0; i < N; i++) assertClose((float) Philox.normal(SEED, OFFSET + i), got[i], 1, "normal at " + i);
    }

    @Test
    void dropoutMaskIsTheCpuBernoulli() {
        double p = 0.3;
        float keepProb = (float) (1 - p);
        float[] x = randoms(N, 5, -1, 1);
        CUdeviceptr dx = k().upload(x), y = k().alloc(N), mask = k().alloc(N);
        k().launch("dropout_f32", strideGrid(N), 256, ptr(y), ptr(mask), ptr(dx), longs(N), floats(keepProb), longs(SEED), longs(OFFSET));
        float[] gotY = k().download(y, N), gotMask = k().download(mask, N);
        int kept = 0;
        for (int i = 0; i < N; i++) {
            // nn.Dropout: bernoulli(gen, 1 - p) = rand < (float) (1 - p), then keep / (float) (1 - p), then x * that
            float keep = Philox.uniform(SEED, OFFSET + i) < keepProb ? 1f : 0f;
            float m = keep / keepProb;
            assertEquals(m, gotMask[i], "mask at " + i);
            assertEquals(x[i] * m, gotY[i], "y at " + i);
            kept += (int) keep;
        }
        assertEquals(1 - p, (double) kept / N, 0.01, "fraction kept");
    }
}
