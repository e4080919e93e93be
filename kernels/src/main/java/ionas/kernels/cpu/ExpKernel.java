package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x in float, the same in every lane, every tail element and every state of the JIT.
 *
 * <p>Why not {@code lanewise(EXP)}: the Vector API computes it with {@code Math.exp} until the JIT
 * compiles the loop and with the platform's vector library after, and the two differ in the last
 * bit now and then; a training run resumed in a fresh JVM would then drift from the uninterrupted
 * one. This is Cephes' {@code expf}: write x = n ln2 + r with |r| &lt;= ln2/2 (ln2 split in two parts
 * so that r is exact), e^r by a degree-7 polynomial, then scale by 2^n. Every step is an IEEE add,
 * multiply or fused multiply-add, which give the same bits scalar or vector. Error: about 1 ulp.
 */
public final class ExpKernel {
    private ExpKernel() {}

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Above this e^x overflows; below the lower bound it is 0 in float. */
    private static final float MAX_X = 88.72283905206835f, MIN_X = -104f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUND = 0x1.8p23f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    public static float exp(float x) {
        if (x > MAX_X) return Float.POSITIVE_INFINITY;
        float xc = Math.max(x, MIN_X); // NaN stays NaN
        float n = Math.fma(xc, LOG2E, ROUND) - ROUND;
        float r = Math.fma(-n, LN2_HI, xc);
        r = Math.fma(-n, LN2_LO, r);
        float p = P0;
        p = Math.fma(p, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        // 2^n as two factors, so that n down to -150 and up to 128 never leaves the exponent range
        int k = (int) n, half = k >> 1;
        return y * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((k - half + 127) << 23);
    }

    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(MIN_X);
        FloatVector n = xc.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector nNeg = n.neg();
        FloatVector r = nNeg.fma(xc.broadcast(LN2_HI), xc);
        r = nNeg.fma(xc.broadcast(LN2_LO), r);
        FloatVector p = r.broadcast(P0);
        p = p.fma(r, r.broadcast(P1));
        p = p.fma(r, r.broadcast(P2));
        p = p.fma(r, r.broadcast(P3));
        p = p.fma(r, r.broadcast(P4));
        p = p.fma(r, r.broadcast(P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector k = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = y.mul(s1).mul(s2);
        return result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX_X));
    }
}
