package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's higher-order gradients: Autograd.grad, BackwardMode.CREATE_GRAPH, and what they refuse. */
class HigherOrderTest {
    private static Tensor leaf(float... v) {
        return Tensor.of(NDArray.of(v, v.length)).requiresGrad(true);
    }

    @Test
    void theGradientOfAGradientIsTheSecondDerivative() {
        Tensor x = leaf(2, -1);
        Tensor y = x.mul(x).mul(x).sum(); // x^3: 3x^2, then 6x
        Tensor dy = Autograd.grad(y, List.of(x), BackwardMode.CREATE_GRAPH).get(0);
        assertArrayEquals(new float[] {12, 3}, dy.toFloatArray());
        assertTrue(dy.requiresGrad(), "a gradient made with CREATE_GRAPH has a graph");
        Tensor d2y = Autograd.grad(dy.sum(), List.of(x), BackwardMode.FREE_GRAPH).get(0);
        assertArrayEquals(new float[] {12, -6}, d2y.toFloatArray());
        assertNull(x.grad(), "grad leaves .grad alone");
    }

    @Test
    void backwardWithCreateGraphLeavesADifferentiableGrad() {
        Tensor x = leaf(2);
        x.mul(x).mul(x).sum().backward(BackwardMode.CREATE_GRAPH);
        assertArrayEquals(new float[] {12}, x.grad().toFloatArray());
        Tensor firstDerivative = x.gradTensor();
        assertTrue(firstDerivative.requiresGrad());
        firstDerivative.sum().backward(); // as PyTorch: adds d(3x^2)/dx = 6x to x.grad
        assertArrayEquals(new float[] {24}, x.grad().toFloatArray());
    }

    @Test
    void aHessianVectorProductOfAQuadraticFormIsTheMatrixTimesTheVector() {
        // f(x) = 1/2 x^T A x with A symmetric: the Hessian is A, so Hv = A v
        Tensor a = Tensor.of(NDArray.of(new float[] {2, 1, 0, 1, 3, -1, 0, -1, 4}, 3, 3));
        Tensor x = leaf(0.5f, -1, 2), v = Tensor.of(NDArray.of(new float[] {1, 2, -1}, 3));
        Tensor f = x.matmul(a.matmul(x)).mul(0.5);
        Tensor g = Autograd.grad(f, List.of(x), BackwardMode.CREATE_GRAPH).get(0);
        Tensor hv = Autograd.grad(g.mul(v).sum(), List.of(x), BackwardMode.FREE_GRAPH).get(0);
        assertArrayEquals(new float[] {4, 8, -6}, hv.toFloatArray());
    }

    @Test
    void gradRunsOnlyTheOpsBetweenTheOutputAndTheInputs() {
        Tensor x = leaf(1, 2);
        Tensor mid = x.exp();
        Tensor y = mid.mul(3).sum();
        Tensor dMid = Autograd.grad(y, List.of(mid), BackwardMode.FREE_GRAPH).get(0);
        assertArrayEquals(new float[] {3, 3}, dMid.toFloatArray());
        assertFalse(mid.gradFn().isReleased(), "Exp lies below the input asked for, so its backward did not run");
        assertNull(x.grad());
    }

    @Test
    void anInputTheOutputDoesNotDependOnGetsZeros() {
        Tensor x = leaf(1, 2), unused = leaf(5);
        Tensor d = Autograd.grad(x.sum(), List.of(unused), BackwardMode.FREE_GRAPH).get(0);
        assertArrayEquals(new float[] {0}, d.toFloatArray());
    }

    @Test
    void anOpWithoutADifferentiableBackwardIsNamedUnderCreateGraph() {
        Tensor x = leaf(1, 2);
        Op.apply(new ExpOnArrays(), x).sum().backward(); // first derivatives work as ever
        assertArrayEquals(new float[] {(float) Math.E, (float) Math.exp(2)}, x.grad().toFloatArray(), 1e-6f);
        Tensor y = Op.apply(new ExpOnArrays(), x).sum();
        var err = assertThrows(UnsupportedOperationException.class, () -> Autograd.grad(y, List.of(x), BackwardMode.CREATE_GRAPH));
        assertTrue(err.getMessage().contains("ExpOnArrays does not support createGraph (second derivatives)"), err.getMessage());
    }

    @Test
    void gradChecksItsArguments() {
        Tensor x = leaf(1, 2), constant = Tensor.of(NDArray.of(new float[] {1}, 1));
        var notAnInput = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(x.sum(), List.of(constant), BackwardMode.FREE_GRAPH));
        assertTrue(notAnInput.getMessage().contains("input 0 does not require a gradient"), notAnInput.getMessage());
        var notScalar = assertThrows(IllegalStateException.class, () -> Autograd.grad(x.mul(2), List.of(x), BackwardMode.FREE_GRAPH));
        assertTrue(notScalar.getMessage().contains("[2]"), notScalar.getMessage());
    }

    /**
     * On the emulated cuda:0, where backward returns device memory early in an ordinary pass, the
     * storages the new graph saved must survive: a freed one would fail the second pass loudly
     * ("this CUDA storage has been closed").
     */
    @Test
    void createGraphKeepsWhatTheNewGraphSavedOnADevice() {
        TestDevice emulated = TestDevice.EMULATED_CUDA;
        assumeTrue(emulated.unavailableReason() == null, String.valueOf(emulated.unavailableReason()));
        NDArray start = NDArray.randn(new Generator(3), 64);
        float[] want = secondDerivativeOfAChain(start);
        try (var on = emulated.install(); MemoryScope step = MemoryScope.open()) {
            float[] got = secondDerivativeOfAChain(start.to(Device.cuda(0)));
            assertArrayEquals(want, got, 1e-5f);
        }
    }

    /** d/dx of sum(d/dx sum(tanh(tanh(tanh(x)) * x))). */
    private static float[] secondDerivativeOfAChain(NDArray start) {
        Tensor x = Tensor.of(start).requiresGrad(true);
        Tensor y = x.tanh().tanh().tanh().mul(x).sum();
        Tensor g = Autograd.grad(y, List.of(x), BackwardMode.CREATE_GRAPH).get(0);
        g.sum().backward();
        return x.grad().toFloatArray();
    }

    @Test
    void createGraphNeedsNoRetainGraphForASecondPass() {
        Tensor x = leaf(3);
        Tensor y = x.exp().sum();
        Autograd.grad(y, List.of(x), BackwardMode.CREATE_GRAPH);
        Tensor again = Autograd.grad(y, List.of(x), BackwardMode.FREE_GRAPH).get(0); // the graph was retained
        assertEquals(Math.exp(3), again.item(), 1e-4);
    }

    /** e^x with a backward on plain arrays: first derivatives only. */
    private static final class ExpOnArrays extends Op {
        protected NDArray forward(NDArray... x) { return x[0].exp(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.mul(output().data())}; }
    }
}
