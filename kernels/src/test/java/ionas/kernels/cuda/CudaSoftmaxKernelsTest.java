package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.assertNear;
import static ionas.kernels.cuda.CudaKernels.ints;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;

import ionas.kernels.cpu.SoftmaxKernels;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** softmax.cu (warp- and block-per-row) against SoftmaxKernels. Skipped without a GPU. */
class CudaSoftmaxKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("softmax");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    @Test
    void softmaxAndLogSoftmaxMatchTheCpu() {
        int[][] shapes = {{64, 10}, {5, 1}, {33, 1024}, {3, 1025}, {2, 50_000}};
        for (int[] s : shapes) {
            int rows = s[0], n = s[1];
            float[] x = randoms(rows * n, n, -30, 30);
            x[0] = 500f; // large: only the max subtraction keeps it finite
            if (rows > 2) for (int i = 0; i < n; i++) x[n + i] = Float.NEGATIVE_INFINITY; // a row of -inf: NaN as the CPU
            CUdeviceptr dx = k().upload(x), dy = k().alloc((long) rows * n);
            for (int log = 0; log <= 1; log++) {
                float[] want = new float[rows * n];
                SoftmaxKernels.softmax(x, want, rows, n, log == 1);
                for (String kernel : new String[] {"softmax_warp_f32", "softmax_block_f32"}) {
                    if (kernel.equals("softmax_warp_f32")) k().launch(kernel, (rows + 3) / 4, 128, ptr(dy), ptr(dx), ints(rows), ints(n), ints(log));
                    else k().launch(kernel, rows, 256, ptr(dy), ptr(dx), ints(rows), ints(n), ints(log));
                    float[] got = k().download(dy, rows * n);
                    for (int i = 0; i < want.length; i++) {
                        assertNear(want[i], got[i], 1e-5, log == 1 ? 1e-5 : 1e-7, kernel + " log=" + log + " " + rows + "x" + n + " at " + i);
                    }
                }
            }
        }
    }
}
