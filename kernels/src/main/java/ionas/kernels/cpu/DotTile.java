package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 4 x 4 tile of C = A B^T where both A's and B's rows are contiguous along the shared dimension
 * k: sixteen dot products computed together, vectorised along k.
 *
 * <p>This is the other way to write a GEMM micro-kernel. {@link GemmMicroKernel} wants its
 * operands packed depth-major, which for operands stored k-contiguous means a transpose; when k
 * is long (the pixels of an image, in the weight gradient of a convolution) it is cheaper to
 * leave them as they are and pay for sixteen horizontal sums at the end of each tile instead.
 * Four rows by four gives 16 accumulators, and 8 loads per 16 FMAs. Wider tiles (4 x 5, 4 x 6,
 * which would load A's rows from L2 less often) ran the 64-channel 32 x 32 weight gradient at
 * half the speed on a Zen 5 EPYC (165 against 300 GFLOP/s), for a reason not found (spilled
 * accumulators would explain it; the compiled code was not read).
 */
final class DotTile {
    private DotTile() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /** Rows of A and of B per tile. */
    static final int SIZE = 4;

    /** Floats of accumulator state per tile for {@link #accumulate}: one vector per (i, j). */
    static final int ACC = SIZE * SIZE * L;

    /**
     * Adds, into the 16 vector accumulators stored at acc[accOff .. accOff + {@link #ACC}) (slot
     * (i, j) at accOff + (i*4 + j)*L), the lane-wise products of a's rows i and b's rows j over k
     * elements, for each of {@code images} images: image n's row i starts at a[aOff + n*aImage +
     * i*lda], row j at b[bOff + n*bImage + j*ldb]. Rows past aRows or bRows repeat row 0 (their
     * slots hold garbage that the caller ignores).
     *
     * <p>This is a weight-gradient tile over a whole batch: the accumulators live in registers
     * across every image and are only reduced across lanes once, by the caller, so short rows
     * (8x8 images) cost no more per element than long ones. The summation order is fixed.
     */
    static void accumulate(int images, int k, float[] a, int aOff, int aImage, int lda, int aRows,
                           float[] b, int bOff, int bImage, int ldb, int bRows, float[] acc, int accOff) {
        int da1 = aRows > 1 ? lda : 0, da2 = aRows > 2 ? 2 * lda : 0, da3 = aRows > 3 ? 3 * lda : 0;
        int db1 = bRows > 1 ? ldb : 0, db2 = bRows > 2 ? 2 * ldb : 0, db3 = bRows > 3 ? 3 * ldb : 0;
        int bound = VectorSupport.ENABLED ? F.loopBound(k) : 0;
        if (bound > 0) {
            int o = accOff;
            FloatVector s00 = FloatVector.fromArray(F, acc, o), s01 = FloatVector.fromArray(F, acc, o + L),
                    s02 = FloatVector.fromArray(F, acc, o + 2 * L), s03 = FloatVector.fromArray(F, acc, o + 3 * L);
            FloatVector s10 = FloatVector.fromArray(F, acc, o + 4 * L), s11 = FloatVector.fromArray(F, acc, o + 5 * L),
                    s12 = FloatVector.fromArray(F, acc, o + 6 * L), s13 = FloatVector.fromArray(F, acc, o + 7 * L);
            FloatVector s20 = FloatVector.fromArray(F, acc, o + 8 * L), s21 = FloatVector.fromArray(F, acc, o + 9 * L),
                    s22 = FloatVector.fromArray(F, acc, o + 10 * L), s23 = FloatVector.fromArray(F, acc, o + 11 * L);
            FloatVector s30 = FloatVector.fromArray(F, acc, o + 12 * L), s31 = FloatVector.fromArray(F, acc, o + 13 * L),
                    s32 = FloatVector.fromArray(F, acc, o + 14 * L), s33 = FloatVector.fromArray(F, acc, o + 15 * L);
            for (int n = 0; n < images; n++) {
                int a0 = aOff + n * aImage, b0 = bOff + n * bImage;
                for (int p = 0; p < bound; p += L) {
                    FloatVector x0 = FloatVector.fromArray(F, a, a0 + p), x1 = FloatVector.fromArray(F, a, a0 + da1 + p);
                    FloatVector x2 = FloatVector.fromArray(F, a, a0 + da2 + p), x3 = FloatVector.fromArray(F, a, a0 + da3 + p);
                    FloatVector y = FloatVector.fromArray(F, b, b0 + p);
                    s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
                    y = FloatVector.fromArray(F, b, b0 + db1 + p);
                    s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
                    y = FloatVector.fromArray(F, b, b0 + db2 + p);
                    s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
                    y = FloatVector.fromArray(F, b, b0 + db3 + p);
                    s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
                }
            }
            s00.intoArray(acc, o); s01.intoArray(acc, o + L); s02.intoArray(acc, o + 2 * L); s03.intoArray(acc, o + 3 * L);
            s10.intoArray(acc, o + 4 * L); s11.intoArray(acc, o + 5 * L); s12.intoArray(acc, o + 6 * L); s13.intoArray(acc, o + 7 * L);
            s20.intoArray(acc, o + 8 * L); s21.intoArray(acc, o + 9 * L); s22.intoArray(acc, o + 10 * L); s23.intoArray(acc, o + 11 * L);
            s30.intoArray(acc, o + 12 * L); s31.intoArray(acc, o + 13 * L); s32.intoArray(acc, o + 14 * L); s33.intoArray(acc, o + 15 * L);
        }
        if (bound == k) return;
        // The elements past the last whole vector (all of them without the Vector API): element p
        // goes to lane p - bound (< L) of its slot, in a fixed order.
        int[] da = {0, da1, da2, da3}, db = {0, db1, db2, db3};
        for (int n = 0; n < images; n++) {
            int a0 = aOff + n * aImage, b0 = bOff + n * bImage;
            for (int i = 0; i < SIZE; i++)
                for (int j = 0; j < SIZE; j++) {
                    int slot = accOff + (i * SIZE + j) * L;
                    for (int p = bound; p < k; p++)
                        acc[slot + (p - bound) % L] += a[a0 + da[i] + p] * b[b0 + db[j] + p];
                }
        }
    }

    /** The sum of the L lanes of accumulator slot (i, j) left by {@link #accumulate}, in lane order. */
    static float reduce(float[] acc, int accOff, int i, int j) {
        float s = 0;
        for (int lane = 0, o = accOff + (i * SIZE + j) * L; lane < L; lane++) s += acc[o + lane];
        return s;
    }
}
