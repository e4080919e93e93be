package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 4 x 4 tile of C = A B^T where both A's and B's rows are contiguous along the shared dimension
 * k: sixteen dot products computed together, vectorised along k.
 *
 * <p>This is the other way to write a GEMM micro-kernel. {@link GemmMicroKernel} wants its
 * operands packed depth-major, which for operands stored k-contiguous means a transpose; when k
 * is long (the pixels of an image, in the weight gradient of a convolution) it is cheaper to
 * leave them as they are and pay for sixteen horizontal sums at the end of each tile instead.
 * Four rows by four gives 16 accumulators, and 8 loads per 16 FMAs.
 */
final class DotTile {
    private DotTile() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /** Rows of A and of B per tile. */
    static final int SIZE = 4;

    private static final float[] NO_TAIL = new float[SIZE * SIZE];

    /**
     * c[cOff + i*ldc + j] = (or += when accumulate) sum over p < k of a[aOff + i*lda + p] *
     * b[bOff + j*ldb + p], for i < aRows and j < bRows (both at most 4).
     */
    static void multiply(int k, float[] a, int aOff, int lda, int aRows, float[] b, int bOff, int ldb, int bRows,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (!VectorSupport.ENABLED || aRows < SIZE || bRows < SIZE) {
            for (int i = 0; i < aRows; i++)
                for (int j = 0; j < bRows; j++)
                    put(c, cOff + i * ldc + j, dot(k, a, aOff + i * lda, b, bOff + j * ldb), accumulate);
            return;
        }
        int a0 = aOff, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b0 = bOff, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s00 = FloatVector.zero(F), s01 = FloatVector.zero(F), s02 = FloatVector.zero(F), s03 = FloatVector.zero(F);
        FloatVector s10 = FloatVector.zero(F), s11 = FloatVector.zero(F), s12 = FloatVector.zero(F), s13 = FloatVector.zero(F);
        FloatVector s20 = FloatVector.zero(F), s21 = FloatVector.zero(F), s22 = FloatVector.zero(F), s23 = FloatVector.zero(F);
        FloatVector s30 = FloatVector.zero(F), s31 = FloatVector.zero(F), s32 = FloatVector.zero(F), s33 = FloatVector.zero(F);
        int p = 0;
        for (int bound = F.loopBound(k); p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p), x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(F, a, a2 + p), x3 = FloatVector.fromArray(F, a, a3 + p);
            FloatVector y = FloatVector.fromArray(F, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(F, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(F, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(F, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
        }
        // The last k % L terms, one scalar product each (a ragged tail is rare: k is a pixel count).
        float[] tail = p == k ? NO_TAIL : new float[SIZE * SIZE];
        for (; p < k; p++)
            for (int i = 0; i < SIZE; i++)
                for (int j = 0; j < SIZE; j++) tail[i * SIZE + j] += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
        int c0 = cOff, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        put(c, c0, sum(s00) + tail[0], accumulate); put(c, c0 + 1, sum(s01) + tail[1], accumulate);
        put(c, c0 + 2, sum(s02) + tail[2], accumulate); put(c, c0 + 3, sum(s03) + tail[3], accumulate);
        put(c, c1, sum(s10) + tail[4], accumulate); put(c, c1 + 1, sum(s11) + tail[5], accumulate);
        put(c, c1 + 2, sum(s12) + tail[6], accumulate); put(c, c1 + 3, sum(s13) + tail[7], accumulate);
        put(c, c2, sum(s20) + tail[8], accumulate); put(c, c2 + 1, sum(s21) + tail[9], accumulate);
        put(c, c2 + 2, sum(s22) + tail[10], accumulate); put(c, c2 + 3, sum(s23) + tail[11], accumulate);
        put(c, c3, sum(s30) + tail[12], accumulate); put(c, c3 + 1, sum(s31) + tail[13], accumulate);
        put(c, c3 + 2, sum(s32) + tail[14], accumulate); put(c, c3 + 3, sum(s33) + tail[15], accumulate);
    }

    private static float sum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }

    private static void put(float[] c, int i, float value, boolean accumulate) {
        c[i] = accumulate ? c[i] + value : value;
    }

    private static float dot(int k, float[] x, int xOff, float[] y, int yOff) {
        float sum = 0;
        int p = 0;
        if (VectorSupport.ENABLED) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(k); p < bound; p += L)
                acc = FloatVector.fromArray(F, x, xOff + p).fma(FloatVector.fromArray(F, y, yOff + p), acc);
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; p < k; p++) sum += x[xOff + p] * y[yOff + p];
        return sum;
    }
}
