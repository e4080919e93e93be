package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaCheck.check;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.kernels.cpu.Gemm;
import java.util.SplittableRandom;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gemm.cu (sgemm_f32, sgemm_tf32) on a GPU against the CPU {@link Gemm#sgemm}, on shapes with
 * partial tiles on every edge, all four transpose combinations, padded leading dimensions,
 * alpha/beta and a strided batch. Skipped without a GPU.
 *
 * <p>Tolerance: |gpu - cpu| <= tol * (|alpha| * sum_k |a_mk| |b_kn| + |beta c_mn|) + 1e-30, the
 * error bound of a dot product scaled by tol (1e-4 for FP32, 5e-3 for TF32, whose operands keep
 * 10 mantissa bits: about 1e-3 relative per product). The bound is computed by the same CPU GEMM
 * on the absolute values.
 */
class GemmKernelsTest {
    static final float F32_TOL = 1e-4f, TF32_TOL = 5e-3f;


    @RegisterExtension
    static final GpuModule GPU = new GpuModule("gemm");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    @Test
    void fp32MatchesCpuOnOddShapes() {
        int[][] shapes = {{1, 1, 1}, {33, 65, 17}, {128, 128, 8}, {129, 127, 9}, {7, 300, 513}, {260, 3, 77}, {200, 190, 1000}};
        long seed = 1;
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++)
                verify("sgemm_f32", F32_TOL, t / 2 == 1, t % 2 == 1, s[0], s[1], s[2], 1, 1f, 0f, 0, seed++);
    }

    @Test
    void tf32MatchesCpuWithinTf32Tolerance() {
        int[][] shapes = {{1, 1, 1}, {33, 65, 17}, {128, 128, 32}, {129, 127, 9}, {7, 300, 513}, {260, 3, 77}, {300, 257, 1000}};
        long seed = 100;
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++)
                verify("sgemm_tf32", TF32_TOL, t / 2 == 1, t % 2 == 1, s[0], s[1], s[2], 1, 1f, 0f, 0, seed++);
    }

    @Test
    void alphaBetaPaddedLeadingDimensionsAndBatch() {
        for (String kernel : new String[] {"sgemm_f32", "sgemm_tf32"}) {
            float tol = kernel.endsWith("tf32") ? TF32_TOL : F32_TOL;
            verify(kernel, tol, false, false, 33, 65, 17, 3, 0.5f, 1f, 3, 7);
            verify(kernel, tol, true, true, 33, 65, 17, 3, -2f, 0.25f, 5, 8);
            verify(kernel, tol, false, true, 150, 140, 40, 3, 1f, 0f, 1, 9);
            verify(kernel, tol, true, false, 1, 1, 1, 3, 1f, 1f, 2, 10);
        }
    }

    /** beta = 0 must not read C: NaN there must not leak into the result (BLAS semantics). */
    @Test
    void betaZeroIgnoresNanInC() {
        for (String kernel : new String[] {"sgemm_f32", "sgemm_tf32"}) {
            int m = 20, n = 30, k = 10;
            float[] a = randoms(m * k, 11), b = randoms(k * n, 12), c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            float[] got = run(kernel, false, false, m, n, k, 1, 1f, a, k, 0, b, n, 0, 0f, c, n, 0);
            for (float v : got) assertTrue(!Float.isNaN(v), kernel + " read C with beta = 0");
        }
    }

    /**
     * One check: batch products of op(A) (m x k) and op(B) (k x n), leading dimensions padded by
     * pad, batch strides with a gap, alpha and beta.
     */
    private static void verify(String kernel, float tol, boolean transA, boolean transB, int m, int n, int k,
                              int batch, float alpha, float beta, int pad, long seed) {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        long strideA = (long) aRows * lda + 5, strideB = (long) bRows * ldb + 3, strideC = (long) m * ldc + 1;
        float[] a = randoms((int) (strideA * batch), seed * 3);
        float[] b = randoms((int) (strideB * batch), seed * 3 + 1);
        float[] c = randoms((int) (strideC * batch), seed * 3 + 2);
        float[] got = run(kernel, transA, transB, m, n, k, batch, alpha, a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC);
        float[] ab = new float[m * n], bound = new float[m * n];
        float[] absA = abs(a), absB = abs(b);
        String what = kernel + " " + (transA ? "T" : "N") + (transB ? "T" : "N") + " " + m + "x" + n + "x" + k
                + " batch " + batch + " alpha " + alpha + " beta " + beta + " pad " + pad;
        for (int z = 0; z < batch; z++) {
            Gemm.sgemm(transA, transB, m, n, k, a, (int) (z * strideA), lda, b, (int) (z * strideB), ldb, 0f, ab, 0, n);
            Gemm.sgemm(transA, transB, m, n, k, absA, (int) (z * strideA), lda, absB, (int) (z * strideB), ldb, 0f, bound, 0, n);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    int ci = (int) (z * strideC) + i * ldc + j;
                    float want = beta == 0 ? alpha * ab[i * n + j] : alpha * ab[i * n + j] + beta * c[ci];
                    double err = tol * (Math.abs(alpha) * bound[i * n + j] + Math.abs(beta * c[ci])) + 1e-30;
                    assertTrue(Math.abs(got[ci] - want) <= err,
                            what + ": C[" + z + "][" + i + "][" + j + "] = " + got[ci] + ", want " + want + " +- " + err);
                }
        }
        // the padding between and after rows is untouched
        for (int z = 0; z < batch; z++)
            for (int i = 0; i < m; i++)
                for (int j = n; j < ldc && (long) z * strideC + (long) i * ldc + j < (long) (z + 1) * strideC; j++) {
                    int ci = (int) (z * strideC) + i * ldc + j;
                    assertTrue(got[ci] == c[ci], what + ": wrote outside C at " + ci);
                }
    }

    private static float[] run(String kernel, boolean transA, boolean transB, int m, int n, int k, int batch, float alpha,
                               float[] a, int lda, long strideA, float[] b, int ldb, long strideB,
                               float beta, float[] c, int ldc, long strideC) {
        CUdeviceptr da = k().upload(a), db = k().upload(b), dc = k().upload(c);
        int threads = kernel.endsWith("tf32") ? 128 : 256;
        k().launch3d(kernel, ceilDiv(m, 128), ceilDiv(n, 128), batch, threads,
                Pointer.to(new int[] {transA ? 1 : 0}), Pointer.to(new int[] {transB ? 1 : 0}),
                Pointer.to(new int[] {m}), Pointer.to(new int[] {n}), Pointer.to(new int[] {k}),
                Pointer.to(new float[] {alpha}),
                Pointer.to(da), Pointer.to(new int[] {lda}), Pointer.to(new long[] {strideA}),
                Pointer.to(db), Pointer.to(new int[] {ldb}), Pointer.to(new long[] {strideB}),
                Pointer.to(new float[] {beta}),
                Pointer.to(dc), Pointer.to(new int[] {ldc}), Pointer.to(new long[] {strideC}));
        float[] got = k().download(dc, c.length);
        k().freeAll();
        return got;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static float[] randoms(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    static float[] abs(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
        return y;
    }
}
