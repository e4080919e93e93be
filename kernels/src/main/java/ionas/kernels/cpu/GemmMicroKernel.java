package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of {@link PackedGemm}: an MR x NR tile of C computed from an
 * MR-row panel of packed A and an NR-column panel of packed B, both laid out depth-major.
 *
 * <p>Why 8 x 3 vectors: 24 accumulators plus 3 B vectors and 1 broadcast A value use 28 of the 32
 * AVX-512 registers, and every step does 24 independent FMAs (enough to cover the 4-cycle FMA
 * latency on both FMA pipes) for 11 loads, so the loop is bound by FMA throughput, not by loads.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /** Rows of C per tile. */
    static final int MR = 6;
    /** Columns of C per tile: three vectors. */
    static final int NR = 4 * L;

    /**
     * C[0..MR) x [0..NR) at c[cOff], row stride ldc, = (or += when accumulate) the product of the
     * packed panels a (kc x MR) and b (kc x NR).
     */
    static void multiply(int kc, float[] a, int aOff, float[] b, int bOff,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (!VectorSupport.ENABLED) {
            multiplyScalar(kc, a, aOff, b, bOff, c, cOff, ldc, accumulate);
            return;
        }
        FloatVector c00 = load(c, cOff, accumulate), c01 = load(c, cOff + L, accumulate), c02 = load(c, cOff + 2 * L, accumulate), c03 = load(c, cOff + 3 * L, accumulate);
        FloatVector c10 = load(c, cOff + ldc, accumulate), c11 = load(c, cOff + ldc + L, accumulate), c12 = load(c, cOff + ldc + 2 * L, accumulate), c13 = load(c, cOff + ldc + 3 * L, accumulate);
        FloatVector c20 = load(c, cOff + 2 * ldc, accumulate), c21 = load(c, cOff + 2 * ldc + L, accumulate), c22 = load(c, cOff + 2 * ldc + 2 * L, accumulate), c23 = load(c, cOff + 2 * ldc + 3 * L, accumulate);
        FloatVector c30 = load(c, cOff + 3 * ldc, accumulate), c31 = load(c, cOff + 3 * ldc + L, accumulate), c32 = load(c, cOff + 3 * ldc + 2 * L, accumulate), c33 = load(c, cOff + 3 * ldc + 3 * L, accumulate);
        FloatVector c40 = load(c, cOff + 4 * ldc, accumulate), c41 = load(c, cOff + 4 * ldc + L, accumulate), c42 = load(c, cOff + 4 * ldc + 2 * L, accumulate), c43 = load(c, cOff + 4 * ldc + 3 * L, accumulate);
        FloatVector c50 = load(c, cOff + 5 * ldc, accumulate), c51 = load(c, cOff + 5 * ldc + L, accumulate), c52 = load(c, cOff + 5 * ldc + 2 * L, accumulate), c53 = load(c, cOff + 5 * ldc + 3 * L, accumulate);
        for (int p = 0; p < kc; p++, aOff += MR, bOff += NR) {
            FloatVector b0 = FloatVector.fromArray(F, b, bOff);
            FloatVector b1 = FloatVector.fromArray(F, b, bOff + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bOff + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bOff + 3 * L);
            FloatVector a0 = FloatVector.broadcast(F, a[aOff]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c02 = a0.fma(b2, c02); c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(F, a[aOff + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11); c12 = a1.fma(b2, c12); c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(F, a[aOff + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21); c22 = a2.fma(b2, c22); c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(F, a[aOff + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31); c32 = a3.fma(b2, c32); c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(F, a[aOff + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41); c42 = a4.fma(b2, c42); c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(F, a[aOff + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51); c52 = a5.fma(b2, c52); c53 = a5.fma(b3, c53);
        }
        c00.intoArray(c, cOff); c01.intoArray(c, cOff + L); c02.intoArray(c, cOff + 2 * L); c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + ldc); c11.intoArray(c, cOff + ldc + L); c12.intoArray(c, cOff + ldc + 2 * L); c13.intoArray(c, cOff + ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc); c21.intoArray(c, cOff + 2 * ldc + L); c22.intoArray(c, cOff + 2 * ldc + 2 * L); c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc); c31.intoArray(c, cOff + 3 * ldc + L); c32.intoArray(c, cOff + 3 * ldc + 2 * L); c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc); c41.intoArray(c, cOff + 4 * ldc + L); c42.intoArray(c, cOff + 4 * ldc + 2 * L); c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc); c51.intoArray(c, cOff + 5 * ldc + L); c52.intoArray(c, cOff + 5 * ldc + 2 * L); c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }

    /** The starting value of an accumulator: C itself when accumulating into it, else zero. */
    private static FloatVector load(float[] c, int off, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(F, c, off) : FloatVector.zero(F);
    }

    /** The same tile in plain float loops, for -Dionas.vector.bits=0. */
    private static void multiplyScalar(int kc, float[] a, int aOff, float[] b, int bOff,
                                       float[] c, int cOff, int ldc, boolean accumulate) {
        for (int r = 0; r < MR; r++) {
            int ci = cOff + r * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + NR, 0f);
            for (int p = 0; p < kc; p++) {
                float arp = a[aOff + p * MR + r];
                for (int j = 0; j < NR; j++) c[ci + j] += arp * b[bOff + p * NR + j];
            }
        }
    }
}
