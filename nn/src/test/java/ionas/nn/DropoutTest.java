package ionas.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nn.layers.Dropout;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.Test;

/**
 * Dropout draws its mask from ionas' own generator, which cannot reproduce PyTorch's stream, so it
 * is tested for its defining properties instead of golden values.
 */
class DropoutTest {
    private static final double P = 0.3;

    /** Values away from 0, so that a dropped element (0) is never confused with a kept one. */
    private static NDArray input(int... shape) {
        NDArray u = NDArray.rand(new Generator(7), shape);
        return u.add(0.5); // in [0.5, 1.5)
    }

    @Test
    void evalIsTheIdentity() {
        Dropout d = new Dropout(P, new Generator(1));
        d.eval();
        Tensor x = Tensor.of(input(50, 40)).requiresGrad(true);
        Tensor y = d.forward(x);
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        y.sum().backward();
        for (float g : x.grad().toFloatArray()) assertEquals(1f, g);
    }

    @Test
    void pZeroIsTheIdentityInTraining() {
        Dropout d = new Dropout(0, new Generator(1));
        Tensor x = Tensor.of(input(10, 10));
        assertSame(x, d.forward(x));
    }

    @Test
    void keptElementsAreScaledAndTheKeepRateIsOneMinusP() {
        Dropout d = new Dropout(P, new Generator(1));
        assertTrue(d.isTraining());
        NDArray xs = input(1000, 1000);
        float[] x = xs.toFloatArray(), y = d.forward(Tensor.of(xs)).toFloatArray();
        long kept = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] == 0) continue;
            kept++;
            assertEquals(x[i] / (1 - P), y[i], 1e-6 * Math.abs(y[i]), "a kept element is scaled by 1/(1-p)");
        }
        double rate = kept / (double) x.length;
        // 1e6 Bernoulli(0.7) draws: the standard deviation of the rate is 4.6e-4, so 0.005 is 10 sigma
        assertEquals(1 - P, rate, 0.005, "keep rate");
        // the scaling keeps the expectation: mean(y) ~ mean(x)
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        assertEquals(mx / x.length, my / x.length, 0.01);
    }

    @Test
    void gradientIsTheMaskOverOneMinusP() {
        Dropout d = new Dropout(P, new Generator(3));
        Tensor x = Tensor.of(input(64, 32)).requiresGrad(true);
        Tensor y = d.forward(x);
        NDArray upstream = NDArray.randn(new Generator(11), 64, 32);
        y.backward(upstream, false);
        float[] out = y.toFloatArray(), g = x.grad().toFloatArray(), up = upstream.toFloatArray();
        int dropped = 0;
        for (int i = 0; i < out.length; i++) {
            float mask = out[i] == 0 ? 0 : 1;
            if (mask == 0) dropped++;
            assertEquals(up[i] * mask / (1 - P), g[i], 1e-6 * (1 + Math.abs(g[i])), "gradient at " + i);
        }
        assertTrue(dropped > 0 && dropped < out.length);
    }

    @Test
    void theMaskIsFreshEachCallAndReproducibleFromTheSeed() {
        NDArray x = input(20, 20);
        Dropout a = new Dropout(P, new Generator(5)), b = new Dropout(P, new Generator(5));
        float[] a1 = a.forward(Tensor.of(x)).toFloatArray(), a2 = a.forward(Tensor.of(x)).toFloatArray();
        float[] b1 = b.forward(Tensor.of(x)).toFloatArray();
        assertArrayEquals(a1, b1, "same seed, same masks");
        assertFalse(java.util.Arrays.equals(a1, a2), "a second call draws a new mask");
    }

    @Test
    void rejectsPOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }
}
