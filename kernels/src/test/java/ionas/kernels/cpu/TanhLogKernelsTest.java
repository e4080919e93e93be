package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** TanhKernel and LogKernel: within 2 ulp of the correctly rounded value, and bit-identical in scalar and vector form. */
class TanhLogKernelsTest {
    @Test
    void tanhCloseToMathTanhOnBothSidesOfTheSwitchAndInTheTails() {
        Random r = new Random(1);
        for (int i = 0; i < 400_000; i++) {
            float x = switch (i % 4) {
                case 0 -> (float) (r.nextDouble() * 2.5 - 1.25); // around the switch at 0.625
                case 1 -> (float) (r.nextDouble() * 40 - 20);
                case 2 -> (float) (r.nextGaussian() * 1e-3); // tiny: the polynomial must keep tanh(x) ~ x
                default -> (float) Math.scalb(r.nextDouble(), -r.nextInt(140)); // down to subnormals
            };
            float expected = (float) Math.tanh(x);
            assertEquals(expected, TanhKernel.tanh(x), 2 * Math.ulp(expected), "tanh " + x);
        }
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(0f, TanhKernel.tanh(0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(TanhKernel.tanh(-0f)), "tanh(-0) = -0");
        assertEquals(1f, TanhKernel.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, TanhKernel.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, TanhKernel.tanh(60f));
        assertEquals(Float.NaN, TanhKernel.tanh(Float.NaN));
    }

    @Test
    void logCloseToMathLogFromSubnormalsToTheLargestFloat() {
        Random r = new Random(3);
        for (int i = 0; i < 400_000; i++) {
            float x = switch (i % 3) {
                case 0 -> (float) (0.5 + r.nextDouble()); // around 1, where log is near 0
                case 1 -> Float.intBitsToFloat(1 + r.nextInt(0x7f7f_ffff)); // any positive finite float
                default -> (float) (r.nextDouble() * 1000);
            };
            if (x == 0f) continue;
            float expected = (float) Math.log(x);
            assertEquals(expected, LogKernel.log(x), 2 * Math.ulp(expected), "log " + x);
        }
    }

    @Test
    void logSpecialValues() {
        assertEquals(0f, LogKernel.log(1f));
        assertEquals(Float.NEGATIVE_INFINITY, LogKernel.log(0f));
        assertEquals(Float.NEGATIVE_INFINITY, LogKernel.log(-0f));
        assertEquals(Float.NaN, LogKernel.log(-1f));
        assertEquals(Float.NaN, LogKernel.log(Float.NEGATIVE_INFINITY));
        assertEquals(Float.NaN, LogKernel.log(Float.NaN));
        assertEquals(Float.POSITIVE_INFINITY, LogKernel.log(Float.POSITIVE_INFINITY));
        assertEquals((float) Math.log(Float.MIN_VALUE), LogKernel.log(Float.MIN_VALUE), Math.ulp(103f));
    }

    @Test
    void vectorLanesEqualTheScalarFormBitForBit() {
        Random r = new Random(2);
        float[] x = new float[VectorSupport.FLOAT.length() * 2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) (r.nextDouble() * 4 - 2);
                case 1 -> (float) (r.nextGaussian() * 30);
                case 2 -> Float.intBitsToFloat(r.nextInt()); // every kind of float, NaNs and negatives included
                default -> (float) Math.scalb(r.nextDouble(), -r.nextInt(150));
            };
        }
        float[] specials = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MIN_NORMAL, 1f, -1f, 0.625f};
        System.arraycopy(specials, 0, x, 0, specials.length);
        sameBits(x, TanhKernel::tanh, TanhKernel::tanh, "tanh");
        sameBits(x, LogKernel::log, LogKernel::log, "log");
    }

    private static void sameBits(float[] x, FloatUnary scalar, UnaryOperator<FloatVector> vector, String name) {
        var s = VectorSupport.FLOAT;
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += s.length()) vector.apply(FloatVector.fromArray(s, x, i)).intoArray(y, i);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(scalar.apply(x[i])), Float.floatToRawIntBits(y[i]), name + " lane " + i + ", x = " + x[i]);
        }
    }

    @FunctionalInterface
    private interface FloatUnary {
        float apply(float x);
    }
}
