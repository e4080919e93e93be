package ionas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast float GEMM with the Vector API, same semantics as {@link Reference#gemm}.
 *
 * <p>Almost every product goes through {@link PackedGemm} (packed panels, cache blocking, a
 * register-blocked micro-kernel, both cores for large ones). Packing turned out to cost less than
 * it saves even for tiny products (measured down to 8x8x8, against direct vectorised loops), so the
 * only direct path is for C narrower than a vector, where the micro-kernel's fixed tile width would
 * mostly compute padding.
 */
public final class Gemm {
    private Gemm() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /**
     * C narrower than this many columns skips the packed path, whose micro-kernel always computes
     * a full NR-column tile (64 columns with AVX-512): for a matrix-vector product that would be
     * 64 times the work. Anything wider, however small, is faster packed: measured down to 8x8x8.
     */
    private static final int NARROW = L;

    /**
     * C with fewer rows than this skips the packed path too: packing B (k x n) would cost as much
     * as the product itself, which only reads B once anyway.
     */
    private static final int SHORT = 4;

    /** For logs: the blocks products are cut into and the caches they were sized from. */
    public static String describeBlocking() {
        return GemmBlocking.DETECTED.describe() + " for " + CacheSizes.DETECTED.describe();
    }

    /** C = op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) is k x n. beta is 0 or 1. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        checkOperand("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (beta != 0 && beta != 1) {
            // Not needed by the engine, but cheap to support: scale once, then accumulate.
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[cOff + i * ldc + j] *= beta;
            beta = 1;
        }
        boolean accumulate = beta != 0;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        if (!VectorSupport.ENABLED) {
            scalar(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        } else if (n < NARROW) {
            narrow(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        } else if (m < SHORT) {
            shortRows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        } else {
            // X_B is op(B) transposed, so it is "stored transposed" exactly when B is not.
            PackedGemm.multiply(m, n, k, new GemmSource.Dense(a, aOff, lda, transA),
                    new GemmSource.Dense(b, bOff, ldb, !transB), accumulate, c, cOff, ldc, true);
        }
    }

    /** The plain float loops of {@link Reference#gemm}, for -Dionas.vector.bits=0. */
    private static void scalar(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               boolean accumulate, float[] c, int cOff, int ldc) {
        Parallel.forEach(m, (long) m * n * k, i -> {
            int ci = cOff + i * ldc;
            if (!accumulate) Arrays.fill(c, ci, ci + n, 0f);
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float sum = 0;
                    for (int p = 0; p < k; p++)
                        sum += (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]) * b[bj + p];
                    c[ci + j] += sum;
                }
            }
        });
    }

    /**
     * C with fewer columns than a vector: one column at a time. Column j of op(B) is copied to a
     * contiguous buffer once, then each C element is a dot product with a row of op(A) (contiguous
     * along k unless transA); with transA the columns of A are contiguous instead, so the column
     * of C is built as a sum of them, vectorised along m.
     */
    private static void narrow(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               boolean accumulate, float[] c, int cOff, int ldc) {
        float[] column = new float[k], sums = transA ? new float[m] : null;
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) column[p] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            if (!transA) {
                for (int i = 0; i < m; i++) {
                    float sum = dot(k, a, aOff + i * lda, column, 0);
                    int ci = cOff + i * ldc + j;
                    c[ci] = accumulate ? c[ci] + sum : sum;
                }
            } else {
                Arrays.fill(sums, 0f);
                for (int p = 0; p < k; p++) axpy(m, column[p], a, aOff + p * lda, sums, 0);
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + j;
                    c[ci] = accumulate ? c[ci] + sums[i] : sums[i];
                }
            }
        }
    }

    /**
     * C with a few rows: one row at a time, row i of op(A) copied to a contiguous buffer. Without
     * transB the row of C is a sum of rows of B, vectorised along n; with it, each element is a dot
     * product of that buffer with a row of B.
     */
    private static void shortRows(boolean transA, boolean transB, int m, int n, int k,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  boolean accumulate, float[] c, int cOff, int ldc) {
        float[] row = new float[k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) row[p] = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            int ci = cOff + i * ldc;
            if (!transB) {
                if (!accumulate) Arrays.fill(c, ci, ci + n, 0f);
                for (int p = 0; p < k; p++) axpy(n, row[p], b, bOff + p * ldb, c, ci);
            } else {
                for (int j = 0; j < n; j++) {
                    float sum = dot(k, row, 0, b, bOff + j * ldb);
                    c[ci + j] = accumulate ? c[ci + j] + sum : sum;
                }
            }
        }
    }

    /** y[yOff..yOff+n) += alpha * x[xOff..xOff+n). */
    private static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L)
            av.fma(FloatVector.fromArray(F, x, xOff + i), FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /** Sum of x[xOff+p] * y[yOff+p] for p < k. */
    private static float dot(int k, float[] x, int xOff, float[] y, int yOff) {
        // Two accumulators: one FMA chain would wait on the FMA latency at every step.
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int p = 0;
        for (int bound = k - 2 * L; p <= bound; p += 2 * L) {
            acc0 = FloatVector.fromArray(F, x, xOff + p).fma(FloatVector.fromArray(F, y, yOff + p), acc0);
            acc1 = FloatVector.fromArray(F, x, xOff + p + L).fma(FloatVector.fromArray(F, y, yOff + p + L), acc1);
        }
        for (int bound = F.loopBound(k); p < bound; p += L)
            acc0 = FloatVector.fromArray(F, x, xOff + p).fma(FloatVector.fromArray(F, y, yOff + p), acc0);
        float sum = VectorSupport.sumLanes(acc0.add(acc1)); // a fixed order: see sumLanes
        for (; p < k; p++) sum += x[xOff + p] * y[yOff + p];
        return sum;
    }

    /** Fails fast, with a readable message, if a rows x cols operand does not fit its array. */
    private static void checkOperand(String name, float[] data, int off, int ld, int rows, int cols) {
        if (rows < 0 || cols < 0)
            throw new IllegalArgumentException("sgemm: negative size for " + name + ": " + rows + "x" + cols);
        if (rows == 0 || cols == 0) return;
        if (off < 0 || ld < cols || off + (long) (rows - 1) * ld + cols > data.length)
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off
                    + ", leading dimension " + ld + ") does not fit an array of " + data.length);
    }
}
