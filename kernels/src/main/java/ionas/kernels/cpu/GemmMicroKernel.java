package ionas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link PackedGemm}: an MR x NR tile of C computed from MR rows
 * of A and an NR-column panel of packed B (depth-major). A is read where it lies: element (r, p)
 * of the tile's rows is {@code a[aOff + r * aRow + p * aStep]}, so the same kernel reads a packed
 * A panel ({@code aRow = 1, aStep = MR}) or the rows of a row-major A in place
 * ({@code aRow = lda, aStep = 1}), which saves transposing A into panels: a tenth of a 256^3
 * product's time.
 *
 * <p>Why 6 x 4 vectors: 24 accumulators, 4 B vectors and 1 broadcast A value use 29 of the 32
 * vector registers of AVX-512 (and of NEON/SVE), and each step issues 24 independent FMAs, enough
 * to keep both FMA pipes busy through the FMA latency, for 10 loads. Measured against 8x3, 12x2,
 * 4x4 and 14x2 (which spills): 6x4 and 8x3 tie on large squares, and 6x4 wins on the short-wide
 * products of convolutions (64 x 1024). On AVX2, with 16 registers, this tile would spill; a 6 x 2
 * variant is the one to add there.
 *
 * <p>The accumulators start as C itself (or zero) and are only written back at the end, so C is
 * touched once per tile per depth block. Note: they must start from {@code FloatVector.zero(F)}
 * or a load, not from a shared static zero vector; C2 could not keep a loop-carried vector that
 * began as a constant object in a register, and boxed it on every iteration (50 times slower).
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /** Rows of C per tile. */
    static final int MR = 6;
    /** Columns of C per tile: four vectors. */
    static final int NR = 4 * L;

    /**
     * C[0..MR) x [0..NR) at c[cOff], row stride ldc, = (or += when accumulate) the product of
     * A's MR x kc rows (element (r, p) at {@code a[aOff + r * aRow + p * aStep]}) and the packed
     * panel b (kc x NR).
     */
    static void multiply(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (!VectorSupport.ENABLED) {
            multiplyScalar(MR, kc, a, aOff, aRow, aStep, b, bOff, c, cOff, ldc, accumulate);
            return;
        }
        // Row starts of the tile in C.
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        FloatVector c00 = load(c, r0, accumulate), c01 = load(c, r0 + L, accumulate),
                c02 = load(c, r0 + 2 * L, accumulate), c03 = load(c, r0 + 3 * L, accumulate);
        FloatVector c10 = load(c, r1, accumulate), c11 = load(c, r1 + L, accumulate),
                c12 = load(c, r1 + 2 * L, accumulate), c13 = load(c, r1 + 3 * L, accumulate);
        FloatVector c20 = load(c, r2, accumulate), c21 = load(c, r2 + L, accumulate),
                c22 = load(c, r2 + 2 * L, accumulate), c23 = load(c, r2 + 3 * L, accumulate);
        FloatVector c30 = load(c, r3, accumulate), c31 = load(c, r3 + L, accumulate),
                c32 = load(c, r3 + 2 * L, accumulate), c33 = load(c, r3 + 3 * L, accumulate);
        FloatVector c40 = load(c, r4, accumulate), c41 = load(c, r4 + L, accumulate),
                c42 = load(c, r4 + 2 * L, accumulate), c43 = load(c, r4 + 3 * L, accumulate);
        FloatVector c50 = load(c, r5, accumulate), c51 = load(c, r5 + L, accumulate),
                c52 = load(c, r5 + 2 * L, accumulate), c53 = load(c, r5 + 3 * L, accumulate);
        int o1 = aRow, o2 = 2 * aRow, o3 = 3 * aRow, o4 = 4 * aRow, o5 = 5 * aRow; // rows 1.. of the tile in A
        for (int p = 0; p < kc; p++, aOff += aStep, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bOff);
            FloatVector b1 = FloatVector.fromArray(F, b, bOff + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bOff + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bOff + 3 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[aOff]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(F, a[aOff + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(F, a[aOff + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(F, a[aOff + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(F, a[aOff + o4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(F, a[aOff + o5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L); c42.intoArray(c, r4 + 2 * L); c43.intoArray(c, r4 + 3 * L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L); c52.intoArray(c, r5 + 2 * L); c53.intoArray(c, r5 + 3 * L);

    }

    /** Rows of C per tile of the short kernel, {@link #multiply4}. */
    static final int MR4 = 4;

    /**
     * The same product for a 4 x NR tile, from 4 rows of A: for C with 4, 8 or 16
     * rows (the filters of NAS-Bench-101's narrow convolutions), where 6-row tiles would compute
     * a third (4, 8) or a ninth (16) of zeros. 16 accumulators, 4 FMAs per B load instead of 6.
     */
    static void multiply4(int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        if (!VectorSupport.ENABLED) {
            multiplyScalar(MR4, kc, a, aOff, aRow, aStep, b, bOff, c, cOff, ldc, accumulate);
            return;
        }
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        FloatVector c00 = load(c, r0, accumulate), c01 = load(c, r0 + L, accumulate),
                c02 = load(c, r0 + 2 * L, accumulate), c03 = load(c, r0 + 3 * L, accumulate);
        FloatVector c10 = load(c, r1, accumulate), c11 = load(c, r1 + L, accumulate),
                c12 = load(c, r1 + 2 * L, accumulate), c13 = load(c, r1 + 3 * L, accumulate);
        FloatVector c20 = load(c, r2, accumulate), c21 = load(c, r2 + L, accumulate),
                c22 = load(c, r2 + 2 * L, accumulate), c23 = load(c, r2 + 3 * L, accumulate);
        FloatVector c30 = load(c, r3, accumulate), c31 = load(c, r3 + L, accumulate),
                c32 = load(c, r3 + 2 * L, accumulate), c33 = load(c, r3 + 3 * L, accumulate);
        int o1 = aRow, o2 = 2 * aRow, o3 = 3 * aRow;
        for (int p = 0; p < kc; p++, aOff += aStep, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bOff);
            FloatVector b1 = FloatVector.fromArray(F, b, bOff + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bOff + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bOff + 3 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[aOff]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(F, a[aOff + o1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(F, a[aOff + o2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(F, a[aOff + o3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L); c02.intoArray(c, r0 + 2 * L); c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
    }

    /** The starting value of an accumulator: C itself when accumulating into it, else zero. */
    private static FloatVector load(float[] c, int off, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(F, c, off) : FloatVector.zero(F);
    }

    /** The same tile in plain float loops, for -Dionas.vector.bits=0. */
    private static void multiplyScalar(int mr, int kc, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff,
                                       float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < mr; r++) {
            int ci = cOff + r * ldc;
            if (!accumulate) Arrays.fill(c, ci, ci + NR, 0f);
            for (int p = 0; p < kc; p++) {
                float arp = a[aOff + r * aRow + p * aStep];
                for (int j = 0; j < NR; j++) c[ci + j] += arp * b[bOff + p * NR + j];
            }
        }
    }
}
