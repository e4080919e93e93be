package ionas.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.nn.Parameter;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.List;

/**
 * The optimisers' fused float32 updates (one backend pass per parameter) against the composed
 * NDArray arithmetic they replace, written out here: the same bits after several steps, first
 * steps, momentum and weight decay included.
 */
class FusedUpdateTest {
    private static NDArray rand(TestDevice d, long seed, int n) {
        return d.put(NDArray.randn(new Generator(seed), n));
    }

    /**
     * Bit for bit on the CPU (and its simulation of cuda:0). A GPU's compiler contracts a * b + c
     * into one fused multiply-add, which rounds once instead of twice, so there the fused and the
     * composed updates may differ in the last bit or two.
     */
    private static void assertSameUpdate(TestDevice d, NDArray composed, NDArray fused, String what) {
        float[] want = composed.toFloatArray(), got = fused.toFloatArray();
        if (d.isCpu() || d.simulated()) {
            assertArrayEquals(want, got, what);
            return;
        }
        for (int i = 0; i < want.length; i++)
            assertEquals(want[i], got[i], 4 * Math.ulp(want[i]), what + ", element " + i);
    }

    @OnEachDevice
    void sgdWithMomentumAndWeightDecayEqualsTheComposedUpdate(TestDevice d) {
        double lr = 0.05, momentum = 0.9, wd = 1e-3;
        Parameter p = new Parameter(rand(d, 1, 1000));
        SGD sgd = new SGD(List.of(p), lr, momentum, wd);
        NDArray w = rand(d, 1, 1000), v = null;
        for (int step = 0; step < 4; step++) {
            NDArray grad = rand(d, 10 + step, 1000);
            p.setGrad(grad);
            sgd.step();
            NDArray g = grad.add(w.mul(wd));
            v = v == null ? g.copy() : v.mul(momentum).add(g);
            w = w.sub(v.mul(lr));
            assertSameUpdate(d, w, p.data(), "step " + step);
        }
    }

    @OnEachDevice
    void adamWithWeightDecayEqualsTheComposedUpdate(TestDevice d) {
        double lr = 1e-2, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 1e-4;
        Parameter p = new Parameter(rand(d, 2, 777));
        Adam adam = new Adam(List.of(p), lr, b1, b2, eps, wd);
        NDArray w = rand(d, 2, 777), m = null, v = null;
        for (int t = 1; t <= 4; t++) {
            NDArray grad = rand(d, 20 + t, 777);
            p.setGrad(grad);
            adam.step();
            NDArray g = grad.add(w.mul(wd));
            m = m == null ? g.mul(1 - b1) : m.mul(b1).add(g.mul(1 - b1));
            v = v == null ? g.square().mul(1 - b2) : v.mul(b2).add(g.square().mul(1 - b2));
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            w = w.sub(m.div(v.div(c2).sqrt().add(eps)).mul(lr / c1));
            assertSameUpdate(d, w, p.data(), "step " + t);
        }
    }
}
