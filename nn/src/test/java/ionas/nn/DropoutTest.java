package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.layers.Dropout;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dropout draws its mask from ionas' own generator, which cannot reproduce PyTorch's stream, so it
 * is tested for its defining properties instead of golden values, on every device.
 */
class DropoutTest {
    private static final double P = 0.3;

    /** Values away from 0, so that a dropped element (0) is never confused with a kept one. */
    private static NDArray input(TestDevice d, int... shape) {
        NDArray u = NDArray.rand(new Generator(7), shape);
        return d.put(u.add(0.5)); // in [0.5, 1.5)
    }

    @OnEachDevice
    void evalIsTheIdentity(TestDevice d) {
        Dropout dropout = new Dropout(P, new Generator(1));
        dropout.eval();
        Tensor x = Tensor.of(input(d, 50, 40)).requiresGrad(true);
        Tensor y = dropout.forward(x);
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
        y.sum().backward();
        for (float g : x.grad().toFloatArray()) assertEquals(1f, g);
    }

    @OnEachDevice
    void pZeroIsTheIdentityInTraining(TestDevice d) {
        Dropout dropout = new Dropout(0, new Generator(1));
        Tensor x = Tensor.of(input(d, 10, 10));
        assertSame(x, dropout.forward(x));
    }

    @OnEachDevice
    void keptElementsAreScaledAndTheKeepRateIsOneMinusP(TestDevice d) {
        Dropout dropout = new Dropout(P, new Generator(1));
        assertTrue(dropout.isTraining());
        NDArray xs = input(d, 1000, 1000);
        float[] x = xs.toFloatArray(), y = dropout.forward(Tensor.of(xs)).toFloatArray();
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

    @OnEachDevice
    void gradientIsTheMaskOverOneMinusP(TestDevice d) {
        Dropout dropout = new Dropout(P, new Generator(3));
        Tensor x = Tensor.of(input(d, 64, 32)).requiresGrad(true);
        Tensor y = dropout.forward(x);
        NDArray upstream = d.put(NDArray.randn(new Generator(11), 64, 32));
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

    @OnEachDevice
    void theMaskIsFreshEachCallAndReproducibleFromTheSeed(TestDevice d) {
        NDArray x = input(d, 20, 20);
        Dropout a = new Dropout(P, new Generator(5)), b = new Dropout(P, new Generator(5));
        float[] a1 = a.forward(Tensor.of(x)).toFloatArray(), a2 = a.forward(Tensor.of(x)).toFloatArray();
        float[] b1 = b.forward(Tensor.of(x)).toFloatArray();
        assertArrayEquals(a1, b1, "same seed, same masks");
        assertFalse(java.util.Arrays.equals(a1, a2), "a second call draws a new mask");
    }

    /** The mask comes from the same Philox stream on every device, so a run moved to a GPU drops the same elements. */
    @OnEachDevice
    void theMaskIsTheCpusOnEveryDevice(TestDevice d) {
        NDArray x = input(TestDevice.CPU, 33, 17);
        float[] onCpu = new Dropout(P, new Generator(9)).forward(Tensor.of(x)).toFloatArray();
        Tensor y = new Dropout(P, new Generator(9)).forward(Tensor.of(d.put(x)));
        assertEquals(d.device(), y.device());
        assertArrayEquals(onCpu, y.toFloatArray());
    }

    @Test
    void rejectsPOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, new Generator(0)));
    }
}
