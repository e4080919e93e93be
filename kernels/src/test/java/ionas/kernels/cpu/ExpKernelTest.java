package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** ExpKernel: within 2 ulp of the correctly rounded e^x, and bit-identical in scalar and vector form. */
class ExpKernelTest {
    @Test
    void closeToMathExpOverTheWholeRange() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (r.nextDouble() * 200 - 105); // [-105, 95): underflow, normal and overflow
            float expected = (float) Math.exp(x), actual = ExpKernel.exp(x);
            if (expected >= Float.MIN_NORMAL && !Float.isInfinite(expected)) {
                assertEquals(expected, actual, 2 * Math.ulp(expected), "e^" + x);
            } else {
                assertEquals(expected, actual, Float.MIN_NORMAL, "e^" + x + " near underflow or overflow");
            }
        }
    }

    @Test
    void specialValues() {
        assertEquals(1f, ExpKernel.exp(0f));
        assertEquals(Float.POSITIVE_INFINITY, ExpKernel.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, ExpKernel.exp(89f));
        assertEquals(0f, ExpKernel.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, ExpKernel.exp(-200f));
        assertEquals(Float.NaN, ExpKernel.exp(Float.NaN));
        assertEquals((float) Math.E, ExpKernel.exp(1f), Math.ulp((float) Math.E));
    }

    @Test
    void vectorLanesEqualTheScalarFormBitForBit() {
        var s = VectorSupport.FLOAT;
        Random r = new Random(2);
        float[] x = new float[s.length() * 1000], y = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 210 - 110);
        x[0] = Float.NaN;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i += s.length()) ExpKernel.exp(FloatVector.fromArray(s, x, i)).intoArray(y, i);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(ExpKernel.exp(x[i])) , Float.floatToRawIntBits(y[i]), "lane " + i + ", x = " + x[i]);
        }
    }
}
