package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.assertNear;
import static ionas.kernels.cuda.CudaKernels.floats;
import static ionas.kernels.cuda.CudaKernels.ints;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.ReduceOp;
import ionas.kernels.cpu.ReduceKernels;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** reduce.cu against ReduceKernels on random inputs, and its run-to-run determinism. Skipped without a GPU. */
class CudaReduceKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("reduce");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    private float[] gpu(ReduceOp op, CUdeviceptr x, int outer, int reduced, int inner, float divisor) {
        CUdeviceptr y = k().alloc((long) outer * inner);
        if (inner == 1) {
            k().launch("reduce_rows_f32", outer, 256, ptr(y), ptr(x), ints(op.ordinal()), ints(outer), ints(reduced), floats(divisor));
        } else {
            k().launch("reduce_cols_f32", (inner + 31) / 32, Math.min(outer, 65535), 32, 8, ptr(y), ptr(x), ints(op.ordinal()), ints(outer),
                    ints(reduced), ints(inner), floats(divisor));
        }
        return k().download(y, outer * inner);
    }

    @Test
    void sumMaxMinMeanMatchTheCpu() {
        int[][] shapes = {{7, 1000, 1}, {3, 5000, 1}, {4, 300, 33}, {2, 17, 1000}, {1, 1, 1}, {5, 1, 7}};
        for (int[] s : shapes) {
            int outer = s[0], reduced = s[1], inner = s[2], n = outer * reduced * inner;
            float[] x = randoms(n, n, -1, 1);
            if (n > 10) x[n / 2] = Float.NaN;        // NaN wins max and min, and poisons the sum
            CUdeviceptr dx = k().upload(x);
            for (ReduceOp op : ReduceOp.values()) {
                float[] want = new float[outer * inner];
                ReduceKernels.reduce(op, x, outer, reduced, inner, want);
                float[] got = gpu(op, dx, outer, reduced, inner, 1f);
                for (int i = 0; i < want.length; i++) {
                    // max, min: exact in any order; sum: a different order, rounding only
                    if (op == ReduceOp.SUM) assertNear(want[i], got[i], 1e-5, 1e-5 * reduced, op + " " + java.util.Arrays.toString(s) + " at " + i);
                    else assertEquals(want[i], got[i], op + " " + java.util.Arrays.toString(s) + " at " + i);
                }
                float[] again = gpu(op, dx, outer, reduced, inner, 1f);
                assertArrayEquals(got, again, op + ": a second run differs"); // bitwise: fixed trees, no atomics
            }
            float[] sum = new float[outer * inner];
            ReduceKernels.reduce(ReduceOp.SUM, x, outer, reduced, inner, sum);
            float[] mean = gpu(ReduceOp.SUM, dx, outer, reduced, inner, reduced);
            for (int i = 0; i < sum.length; i++) assertNear(sum[i] / reduced, mean[i], 1e-5, 1e-5, "mean at " + i);
        }
    }

    @Test
    void argmaxMatchesTheCpu() {
        int rows = 9, n = 3001;
        float[] x = randoms(rows * n, 7, -5, 5);
        x[1 * n + 100] = 9f;                 // ties: the first wins
        x[1 * n + 2000] = 9f;
        x[2 * n + 50] = Float.NaN;           // NaN counts as largest, the first NaN wins
        x[2 * n + 3000] = Float.NaN;
        for (int i = 0; i < n; i++) x[3 * n + i] = Float.NEGATIVE_INFINITY; // all equal: index 0
        x[4 * n + n - 1] = 100f;             // the last element
        int[] want = new int[rows];
        ReduceKernels.argmaxRows(x, rows, n, want);
        CUdeviceptr out = k().alloc(rows);
        k().launch("argmax_rows_f32", rows, 256, ptr(out), ptr(k().upload(x)), ints(rows), ints(n));
        assertArrayEquals(want, k().downloadInts(out, rows));
    }
}
