package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.assertClose;
import static ionas.kernels.cuda.CudaKernels.floats;
import static ionas.kernels.cuda.CudaKernels.ints;
import static ionas.kernels.cuda.CudaKernels.layout;
import static ionas.kernels.cuda.CudaKernels.longs;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static ionas.kernels.cuda.CudaKernels.strideGrid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.BinaryOp;
import ionas.kernels.UnaryOp;
import ionas.kernels.cpu.ElementwiseKernels;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** elementwise.cu's full op set, contiguous and strided/broadcast, against the CPU kernels. Skipped without a GPU. */
class CudaElementwiseKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("elementwise");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    /** ulps allowed against the CPU's float result: 0 for the correctly rounded ops. */
    private static int unaryUlps(UnaryOp op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID -> 4;
            default -> 0;
        };
    }

    @Test
    void everyUnaryOpMatchesTheCpu() {
        int n = 10_007;
        float[] x = randoms(n, 1, -10, 10);
        float[] special = {Float.NaN, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 100f, -100f, 1e-30f};
        System.arraycopy(special, 0, x, 0, special.length);
        CUdeviceptr dx = k().upload(x), out = k().alloc(n);
        for (UnaryOp op : UnaryOp.values()) {
            k().launch("unary_f32", (n + 255) / 256, 256, ptr(out), ptr(dx), ints(op.ordinal()), ints(n));
            float[] got = k().download(out, n);
            float[] want = new float[n];
            ElementwiseKernels.unary(op, x, 0, 1, want, 0, n);
            for (int i = 0; i < n; i++) assertClose(want[i], got[i], unaryUlps(op), op + "(" + x[i] + ") at " + i);
        }
    }

    @Test
    void everyBinaryOpBroadcastsAsTheCpu() {
        // a (3, 1, 5) op b (1, 4, 5) -> out (3, 4, 5): a broadcasts over dim 1, b over dim 0
        int[] shape = {3, 4, 5};
        int n = 60;
        float[] a = randoms(15, 2, -3, 3), b = randoms(20, 3, -3, 3);
        a[0] = Float.NaN;
        b[5 + 3] = a[3]; // an equal pair for the comparisons: a[0][0][3] meets b[0][1][3]
        CUdeviceptr da = k().upload(a), db = k().upload(b), out = k().alloc(n);
        for (BinaryOp op : BinaryOp.values()) {
            k().launch("binary_strided_f32", strideGrid(n), 256,
                    layout(shape, new long[] {20, 5, 1}, new long[] {5, 0, 1}, new long[] {0, 5, 1}, null),
                    ptr(out), ptr(da), ptr(db), ints(op.ordinal()), longs(n));
            float[] got = k().download(out, n);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    float[] want = new float[5];
                    ElementwiseKernels.binary(op, a, i * 5, 1, b, j * 5, 1, want, 0, 5);
                    for (int l = 0; l < 5; l++) {
                        assertClose(want[l], got[(i * 4 + j) * 5 + l], op == BinaryOp.POW ? 4 : 0, op + " at " + i + "," + j + "," + l);
                    }
                }
            }
        }
    }

    @Test
    void contiguousBinaryAndStridedUnaryAgree() {
        int n = 4099;
        float[] a = randoms(n, 4, 0.1, 5), b = randoms(n, 5, -2, 2);
        CUdeviceptr da = k().upload(a), db = k().upload(b), out = k().alloc(n);
        k().launch("binary_f32", (n + 255) / 256, 256, ptr(out), ptr(da), ptr(db), ints(BinaryOp.DIV.ordinal()), ints(n));
        float[] got = k().download(out, n);
        for (int i = 0; i < n; i++) assertEquals(a[i] / b[i], got[i], "div at " + i);
        // every other element of a, through a stride-2 view
        int m = n / 2;
        k().launch("unary_strided_f32", strideGrid(m), 256, layout(new int[] {m}, new long[] {1}, new long[] {2}, null, null),
                ptr(out), ptr(da), ints(UnaryOp.SQRT.ordinal()), longs(m));
        got = k().download(out, m);
        for (int i = 0; i < m; i++) assertEquals((float) Math.sqrt(a[2 * i]), got[i], "sqrt at " + i);
    }

    @Test
    void copyTransposesAndWhereSelects() {
        int rows = 37, cols = 53, n = rows * cols;
        float[] x = randoms(n, 6, -1, 1);
        CUdeviceptr dx = k().upload(x), out = k().alloc(n);
        // out (cols, rows) contiguous = x^T: out[j][i] = x[i][j]
        k().launch("copy_strided_f32", strideGrid(n), 256,
                layout(new int[] {cols, rows}, new long[] {rows, 1}, new long[] {1, cols}, null, null), ptr(out), ptr(dx), longs(n));
        float[] got = k().download(out, n);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) assertEquals(Float.floatToIntBits(x[i * cols + j]), Float.floatToIntBits(got[j * rows + i]));

        // where(cond (rows, 1) broadcast over columns, x, scalar 7)
        float[] cond = new float[rows];
        for (int i = 0; i < rows; i++) cond[i] = i % 3 == 0 ? 0f : (i % 3 == 1 ? 1f : Float.NaN);
        CUdeviceptr dc = k().upload(cond), seven = k().upload(new float[] {7f});
        k().launch("where_strided_f32", strideGrid(n), 256,
                layout(new int[] {rows, cols}, new long[] {cols, 1}, new long[] {cols, 1}, new long[] {0, 0}, new long[] {1, 0}),
                ptr(out), ptr(dc), ptr(dx), ptr(seven), longs(n));
        got = k().download(out, n);
        for (int i = 0; i < rows; i++) {
            float[] want = new float[cols];
            ElementwiseKernels.where(cond, i, 0, x, i * cols, 1, new float[] {7f}, 0, 0, want, 0, cols);
            for (int j = 0; j < cols; j++) assertEquals(want[j], got[i * cols + j], "where at " + i + "," + j);
        }

        // fill the odd columns only
        k().launch("fill_strided_f32", strideGrid(n / 2), 256,
                layout(new int[] {rows, cols / 2}, new long[] {cols, 2}, null, null, null),
                ptr(out.withByteOffset(4)), floats(-1f), longs((long) rows * (cols / 2)));
        float[] filled = k().download(out, n);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                assertEquals(j % 2 == 1 && j < 2 * (cols / 2) ? -1f : got[i * cols + j], filled[i * cols + j], "fill at " + i + "," + j);
    }
}
