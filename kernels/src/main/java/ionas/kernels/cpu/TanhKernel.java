package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * tanh in float, the same in every lane, every tail element and every state of the JIT, for the
 * reason {@link ExpKernel} gives: {@code lanewise(TANH)} is {@code Math.tanh} until the JIT compiles
 * the loop and the platform's vector library after, and their last bits differ now and then, so an
 * LSTM (REINFORCE's policy) gave different bits depending on which seeds ran while the JIT was still
 * compiling. This is Cephes' {@code tanhf}: an odd polynomial for |x| &lt; 0.625, where the formula
 * below would lose digits to cancellation, and 1 - 2/(e^{2|x|} + 1) with the sign of x above it.
 * Every step is an IEEE add, multiply, divide or fused multiply-add. Error: about 2 ulp.
 */
public final class TanhKernel {
    private TanhKernel() {}

    /** Below this |x| the polynomial is used. */
    private static final float SMALL = 0.625f;
    private static final float P0 = -5.70498872745e-3f, P1 = 2.06390887954e-2f, P2 = -5.37397155531e-2f,
            P3 = 1.33314422036e-1f, P4 = -3.33332819422e-1f;

    public static float tanh(float x) {
        float z = Math.abs(x);
        if (z >= SMALL) {
            float r = 1f - 2f / (ExpKernel.exp(z + z) + 1f); // e^{2z} = inf gives exactly 1
            return Math.copySign(r, x);
        }
        float s = x * x; // NaN takes this branch and stays NaN
        if (s == 0f) return x; // tanh(x) = x exactly there, and -0 stays -0 (the polynomial's product would give +0)
        float p = P0;
        p = Math.fma(p, s, P1);
        p = Math.fma(p, s, P2);
        p = Math.fma(p, s, P3);
        p = Math.fma(p, s, P4);
        return Math.fma(p * s, x, x);
    }

    public static FloatVector tanh(FloatVector x) {
        FloatVector z = x.abs();
        FloatVector large = z.broadcast(1f).sub(z.broadcast(2f).div(ExpKernel.exp(z.add(z)).add(1f)));
        // copySign: the magnitude's bits with x's sign bit
        FloatVector signed = large.abs().reinterpretAsInts().or(x.reinterpretAsInts().and(0x8000_0000)).reinterpretAsFloats();
        FloatVector s = x.mul(x);
        FloatVector p = s.broadcast(P0);
        p = p.fma(s, s.broadcast(P1));
        p = p.fma(s, s.broadcast(P2));
        p = p.fma(s, s.broadcast(P3));
        p = p.fma(s, s.broadcast(P4));
        FloatVector small = p.mul(s).fma(x, x).blend(x, s.compare(VectorOperators.EQ, 0f));
        VectorMask<Float> useLarge = z.compare(VectorOperators.GE, SMALL);
        return small.blend(signed, useLarge);
    }
}
