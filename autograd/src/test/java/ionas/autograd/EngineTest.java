package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's semantics, on every device: accumulation, fan-out, no-grad, detach, hooks, retained graphs. */
class EngineTest {
    private static Tensor leaf(TestDevice d, float... v) {
        return constant(d, v).requiresGrad(true);
    }

    private static Tensor constant(TestDevice d, float... v) {
        return Tensor.of(d.put(NDArray.of(v, v.length)));
    }

    @OnEachDevice
    void aTensorUsedTwiceGetsBothContributions(TestDevice d) {
        Tensor x = leaf(d, 3);
        x.mul(x).backward(); // d(x^2)/dx = 2x
        assertArrayEquals(new float[] {6}, x.grad().toFloatArray());
        Tensor a = leaf(d, 1);
        Tensor b = a.add(a); // micrograd's classic: both edges count
        Tensor c = b.mul(b).add(b); // c = 4a^2 + 2a, dc/da = 8a + 2
        c.backward();
        assertArrayEquals(new float[] {10}, a.grad().toFloatArray());
    }

    @OnEachDevice
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed(TestDevice d) {
        Tensor x = leaf(d, 2);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new float[] {6}, x.grad().toFloatArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @OnEachDevice
    void broadcastGradientsAreSummedBackToTheInputShape(TestDevice d) {
        Tensor w = leaf(d, 1, 2, 3);
        Tensor x = Tensor.of(d.put(NDArray.ones(4, 3)));
        x.mul(w).sum().backward();
        assertArrayEquals(new float[] {4, 4, 4}, w.grad().toFloatArray());
    }

    @OnEachDevice
    void secondBackwardNeedsRetainGraph(TestDevice d) {
        Tensor x = leaf(d, 2);
        Tensor y = x.exp().sum();
        y.backward(NDArray.full(1, y.dtype(), y.device()), true);
        y.backward(); // allowed: the graph was retained the first time
        assertEquals(2 * Math.exp(2), x.grad().item(), 1e-4);
        var err = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(err.getMessage().contains("retainGraph"), err.getMessage());
    }

    @OnEachDevice
    void noGradRecordsNothingAndDetachCutsTheGraph(TestDevice d) {
        Tensor x = leaf(d, 1, 2);
        try (var scope = Autograd.noGrad()) {
            Tensor y = x.mul(2);
            assertFalse(y.requiresGrad());
            assertNull(y.gradFn());
        }
        assertTrue(Autograd.isGradEnabled(), "the scope restores the setting");
        Tensor detached = x.mul(2).detach();
        assertTrue(detached.isLeaf() && !detached.requiresGrad());
        var err = assertThrows(IllegalStateException.class, () -> detached.sum().backward());
        assertTrue(err.getMessage().contains("requiresGrad"), err.getMessage());
    }

    @OnEachDevice
    void hooksSeeAndMayReplaceGradients(TestDevice d) {
        Tensor x = leaf(d, 1, 2);
        AtomicInteger calls = new AtomicInteger();
        Tensor h = x.mul(3).registerHook(g -> {
            calls.incrementAndGet();
            return g.mul(10);
        });
        h.sum().backward();
        assertEquals(1, calls.get());
        assertArrayEquals(new float[] {30, 30}, x.grad().toFloatArray());
    }

    @OnEachDevice
    void retainGradKeepsANonLeafGradient(TestDevice d) {
        Tensor x = leaf(d, 1, 2);
        Tensor mid = x.mul(2).retainGrad();
        mid.square().sum().backward();
        assertArrayEquals(new float[] {4, 8}, mid.grad().toFloatArray());
        assertArrayEquals(new float[] {8, 16}, x.grad().toFloatArray());
    }

    @OnEachDevice
    void backwardOfANonScalarNeedsAGradient(TestDevice d) {
        Tensor x = leaf(d, 1, 2);
        var err = assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
        assertTrue(err.getMessage().contains("[2]"), err.getMessage());
    }

    @OnEachDevice
    void deepChainsDoNotOverflowTheStack(TestDevice d) {
        Tensor x = leaf(d, 1);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.add(0.0);
        y.sum().backward();
        assertArrayEquals(new float[] {1}, x.grad().toFloatArray());
    }

    @OnEachDevice
    void opsOnlyComputeGradientsThatAreNeeded(TestDevice d) {
        Tensor w = leaf(d, 2);
        Tensor c = constant(d, 5);
        c.mul(w).sum().backward();
        assertArrayEquals(new float[] {5}, w.grad().toFloatArray());
        assertNull(c.grad());
    }
}
