package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The natural logarithm in float, the same in every lane, every tail element and every state of the
 * JIT, for the reason {@link ExpKernel} gives ({@code lanewise(LOG)} is {@code Math.log} before the
 * JIT compiles the loop and the platform's vector library after). This is Cephes' {@code logf}:
 * write x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(1 + (m - 1)) by a degree-9 polynomial, then
 * add e ln2 (ln2 split in two parts so that the sum stays exact). Every step is an IEEE add,
 * multiply or fused multiply-add. Error: about 1 ulp. log(0) = -inf, log(x &lt; 0) = NaN, log(inf) = inf.
 */
public final class LogKernel {
    private LogKernel() {}

    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** Subnormal inputs are scaled by 2^23 first, so that their exponent field is a normal one. */
    private static final float SUBNORMAL_SCALE = 0x1p23f;
    private static final float[] P = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f, 1.4249322787e-1f,
        -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};
    private static final int MANTISSA = 0x007f_ffff, HALF_EXPONENT = 0x3f00_0000;

    public static float log(float x) {
        if (!(x > 0f) || x == Float.POSITIVE_INFINITY) return x == 0f ? Float.NEGATIVE_INFINITY : x > 0f ? x : Float.NaN;
        int e = -126;
        if (x < Float.MIN_NORMAL) {
            x *= SUBNORMAL_SCALE;
            e -= 23;
        }
        int bits = Float.floatToRawIntBits(x);
        e += bits >>> 23; // the sign bit is 0 here
        float m = Float.intBitsToFloat((bits & MANTISSA) | HALF_EXPONENT); // in [0.5, 1)
        if (m < SQRT_HALF) {
            e -= 1;
            m = m + m - 1f;
        } else {
            m = m - 1f;
        }
        float z = m * m;
        float p = P[0];
        for (int k = 1; k < P.length; k++) p = Math.fma(p, m, P[k]);
        float fe = e;
        float y = p * m * z;
        y = Math.fma(fe, LN2_LO, y);
        y = Math.fma(-0.5f, z, y);
        return Math.fma(fe, LN2_HI, m + y);
    }

    public static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(SUBNORMAL_SCALE), subnormal);
        IntVector bits = xs.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126).sub(23, subnormal.cast(bits.species()));
        FloatVector m = bits.and(MANTISSA).or(HALF_EXPONENT).reinterpretAsFloats();
        VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.sub(1, low.cast(bits.species()));
        m = m.sub(1f).blend(m.add(m).sub(1f), low);
        FloatVector z = m.mul(m);
        FloatVector p = m.broadcast(P[0]);
        for (int k = 1; k < P.length; k++) p = p.fma(m, m.broadcast(P[k]));
        FloatVector fe = (FloatVector) e.convert(VectorOperators.I2F, 0);
        FloatVector y = p.mul(m).mul(z);
        y = fe.fma(fe.broadcast(LN2_LO), y);
        y = z.broadcast(-0.5f).fma(z, y);
        FloatVector r = fe.fma(fe.broadcast(LN2_HI), m.add(y));
        // the special cases, as the scalar version: 0 -> -inf, < 0 or NaN -> NaN, inf -> inf
        r = r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        return r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
    }
}
