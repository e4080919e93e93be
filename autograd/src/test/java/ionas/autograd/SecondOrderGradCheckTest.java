package ionas.autograd;

import static ionas.autograd.CheckInputs.constant;
import static ionas.autograd.CheckInputs.index;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One check of second derivatives (backward of backward, {@link GradCheck#checkSecondOrder}) per
 * op that supports them, on every device: in float64 on the CPU, and elsewhere the device's
 * float32 values against the CPU's ({@link GradCheck#compareSecondOrderWithCpu}). Ops that are linear in an input are followed by a
 * product or a nonlinearity, so that the check has second derivatives to compare, not only zeros.
 */
class SecondOrderGradCheckTest {
    private final CheckInputs in = new CheckInputs(7);

    /**
     * On the CPU, finite differences of first derivatives in float64; on another device, its
     * float32 gradients of gradients against the CPU's float64 ones.
     */
    private static void check(TestDevice d, CheckInputs.Case c) {
        check(d, c.fn(), c.inputs());
    }

    private static void check(TestDevice d, Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        if (d.isCpu()) {
            GradCheck.assertSecondDerivatives(fn, inputs);
            return;
        }
        GradCheck.Result r = GradCheck.compareSecondOrderWithCpu(d.device(), fn, List.of(inputs));
        if (!r.passed()) throw new AssertionError(r.report());
    }

    // ---------------------------------------------------------------- elementwise

    @OnEachDevice void add(TestDevice d) { check(d, t -> t.get(0).add(t.get(1)).square(), in.randn(3, 4), in.randn(4)); }
    @OnEachDevice void sub(TestDevice d) { check(d, t -> t.get(0).sub(t.get(1)).square(), in.randn(2, 1, 3), in.randn(4, 1)); }
    @OnEachDevice void mul(TestDevice d) { check(d, t -> t.get(0).mul(t.get(1)), in.randn(3, 4), in.randn(3, 1)); }
    @OnEachDevice void div(TestDevice d) { check(d, t -> t.get(0).div(t.get(1)), in.randn(3, 4), in.uniform(0.5, 2, 4)); }
    @OnEachDevice void pow(TestDevice d) { check(d, t -> t.get(0).pow(t.get(1)), in.uniform(0.5, 2, 3, 4), in.randn(4)); }
    @OnEachDevice void maximum(TestDevice d) { check(d, t -> t.get(0).maximum(t.get(1)).square(), in.randn(3, 4), in.randn(4)); }
    @OnEachDevice void minimum(TestDevice d) { check(d, t -> t.get(0).minimum(t.get(1)).square(), in.randn(3, 4), in.randn(3, 1)); }

    @OnEachDevice
    void scalarForms(TestDevice d) {
        check(d, t -> t.get(0).add(1.5).mul(t.get(0).sub(0.5)).mul(t.get(0).rsub(2)).div(t.get(0).mul(3).div(2).add(5)),
                in.uniform(-1, 1, 5));
    }

    @OnEachDevice void neg(TestDevice d) { check(d, t -> t.get(0).neg().square(), in.randn(3, 4)); }
    @OnEachDevice void exp(TestDevice d) { check(d, t -> t.get(0).exp(), in.randn(3, 4)); }
    @OnEachDevice void log(TestDevice d) { check(d, t -> t.get(0).log(), in.uniform(0.2, 3, 3, 4)); }
    @OnEachDevice void sqrt(TestDevice d) { check(d, t -> t.get(0).sqrt(), in.uniform(0.2, 3, 3, 4)); }
    @OnEachDevice void abs(TestDevice d) { check(d, t -> t.get(0).abs().square(), in.awayFromZero(3, 4)); }
    @OnEachDevice void relu(TestDevice d) { check(d, t -> t.get(0).relu().square(), in.awayFromZero(3, 4)); }
    @OnEachDevice void sigmoid(TestDevice d) { check(d, t -> t.get(0).sigmoid(), in.randn(3, 4).mul(3)); }
    @OnEachDevice void tanh(TestDevice d) { check(d, t -> t.get(0).tanh(), in.randn(3, 4)); }
    @OnEachDevice void clamp(TestDevice d) { check(d, t -> t.get(0).clamp(-0.5, 0.5).square(), in.awayFromZero(4, 5).mul(0.45).add(0.02)); }

    @OnEachDevice
    void where(TestDevice d) {
        NDArray cond = in.uniform(0, 1, 3, 4).lt(0.5);
        check(d, t -> Tensor.where(constant(t.get(0), cond), t.get(0), t.get(1)).exp(), in.randn(3, 4), in.randn(4));
    }

    // ---------------------------------------------------------------- reductions

    @OnEachDevice void sum(TestDevice d) { check(d, t -> t.get(0).sum(new int[] {0, 2}, false).square(), in.randn(2, 3, 4)); }
    @OnEachDevice void mean(TestDevice d) { check(d, t -> t.get(0).mean(new int[] {0, 2, 3}, true).exp(), in.randn(2, 3, 2, 2)); }
    @OnEachDevice void var(TestDevice d) { check(d, t -> t.get(0).var(new int[] {1, 2}, false, true), in.randn(2, 3, 4)); }
    @OnEachDevice void amax(TestDevice d) { check(d, t -> t.get(0).amax(new int[] {1}, false).square(), in.randn(3, 5)); }
    @OnEachDevice void softmax(TestDevice d) { check(d, t -> t.get(0).softmax(1), in.randn(3, 5)); }
    @OnEachDevice void logSoftmax(TestDevice d) { check(d, t -> t.get(0).logSoftmax(-1), in.randn(3, 5)); }

    // ---------------------------------------------------------------- matrix products

    @OnEachDevice void matmul(TestDevice d) { check(d, t -> t.get(0).matmul(t.get(1)).square(), in.randn(3, 4), in.randn(4, 5)); }
    @OnEachDevice void matmulBroadcastBatch(TestDevice d) { check(d, t -> t.get(0).matmul(t.get(1)).tanh(), in.randn(2, 3, 4), in.randn(4, 2)); }
    @OnEachDevice void matmulVectors(TestDevice d) { check(d, t -> t.get(0).matmul(t.get(1)).square(), in.randn(4), in.randn(4, 3)); }

    // ---------------------------------------------------------------- views and joins

    @OnEachDevice void reshape(TestDevice d) { check(d, t -> t.get(0).reshape(4, 3).mul(t.get(1)), in.randn(2, 6), in.randn(4, 3)); }
    @OnEachDevice void permute(TestDevice d) { check(d, t -> t.get(0).permute(2, 0, 1).mul(t.get(1)), in.randn(2, 3, 4), in.randn(4, 2, 3)); }
    @OnEachDevice void narrow(TestDevice d) { check(d, t -> t.get(0).narrow(1, 1, 2).exp(), in.randn(3, 4)); }
    @OnEachDevice void expand(TestDevice d) { check(d, t -> t.get(0).expand(2, 3, 4).mul(t.get(1)), in.randn(3, 1), in.randn(2, 3, 4)); }
    @OnEachDevice void contiguousOfView(TestDevice d) { check(d, t -> t.get(0).transpose(0, 1).contiguous().mul(t.get(1)), in.randn(2, 3), in.randn(3, 2)); }
    @OnEachDevice void cat(TestDevice d) { check(d, t -> Tensor.cat(List.of(t.get(0), t.get(1).exp(), t.get(0)), 1).square(), in.randn(2, 3), in.randn(2, 2)); }
    @OnEachDevice void split(TestDevice d) { check(d, t -> t.get(0).split(new int[] {1, 3}, 1).get(1).exp(), in.randn(2, 4)); }

    // ---------------------------------------------------------------- indexing

    @OnEachDevice void indexSelect(TestDevice d) { check(d, in.indexSelect()); }
    @OnEachDevice void gather(TestDevice d) { check(d, in.gather()); }
    @OnEachDevice void scatterAdd(TestDevice d) { check(d, in.scatterAdd()); }

    // ---------------------------------------------------------------- convolution and pooling

    @OnEachDevice void conv2d(TestDevice d) { check(d, t -> t.get(0).conv2d(t.get(1), 1, 1).square(), in.randn(2, 2, 4, 4), in.randn(3, 2, 3, 3)); }
    @OnEachDevice void conv2dStrided(TestDevice d) { check(d, t -> t.get(0).conv2d(t.get(1), 2, 0).tanh(), in.randn(1, 2, 5, 4), in.randn(2, 2, 3, 2)); }

    @OnEachDevice
    void maxPool2d(TestDevice d) {
        // distinct values keep the finite differences away from ties between window elements
        int n = 2 * 2 * 5 * 5;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 37) % n) * 0.01;
        check(d, t -> t.get(0).maxPool2d(3, 2, 1).square(), NDArray.of(v, 2, 2, 5, 5));
    }

    @OnEachDevice void avgPool2d(TestDevice d) { check(d, t -> t.get(0).avgPool2d(3, 2, 1).square(), in.randn(2, 2, 5, 5)); }

    // ---------------------------------------------------------------- normalisation

    @OnEachDevice
    void batchNormTraining(TestDevice d) {
        check(d, t -> t.get(0).batchNorm(t.get(1), t.get(2), 1e-5).output().square(), in.randn(4, 2, 2, 3), in.randn(2), in.randn(2));
    }

    @OnEachDevice
    void batchNormReluTraining(TestDevice d) {
        check(d, t -> t.get(0).batchNormRelu(t.get(1), t.get(2), 1e-5).output().square(), in.randn(4, 3, 2, 3), in.randn(3), in.randn(3));
    }

    @OnEachDevice
    void batchNormReluEvaluation(TestDevice d) {
        NDArray mean = in.randn(3), var = in.uniform(0.5, 2, 3);
        check(d, t -> t.get(0).batchNormRelu(t.get(1), t.get(2), constant(t.get(0), mean).data(), constant(t.get(0), var).data(), 1e-5)
                .square(), in.randn(2, 3, 5), in.randn(3), in.randn(3));
    }

    @OnEachDevice
    void batchNormEvaluation(TestDevice d) {
        NDArray mean = in.randn(3), var = in.uniform(0.5, 2, 3);
        check(d, t -> t.get(0).batchNorm(t.get(1), t.get(2), constant(t.get(0), mean).data(), constant(t.get(0), var).data(), 1e-5).square(), in.randn(2, 3, 4), in.randn(3), in.randn(3));
    }

    // ---------------------------------------------------------------- the NB101 network's ops in a chain

    @OnEachDevice
    void smallNetworkEndToEnd(TestDevice d) {
        NDArray labels = NDArray.of(new float[] {1, 0}, 2, 1);
        check(d, t -> {
            Tensor h = t.get(0).conv2d(t.get(1), 1, 1).batchNorm(t.get(2), t.get(3), 1e-5).output().relu().maxPool2d(2, 2, 0);
            Tensor both = Tensor.cat(List.of(h.narrow(1, 0, 1), h.narrow(1, 1, 2).add(h.narrow(1, 0, 2))), 1);
            Tensor logits = both.mean(new int[] {2, 3}, false).matmul(t.get(4));
            return logits.logSoftmax(1).gather(1, index(t.get(0), labels)).neg().mean();
        }, in.randn(2, 2, 4, 4), in.randn(3, 2, 3, 3), in.randn(3), in.randn(3), in.randn(3, 2));
    }

    @Test
    void theCheckCatchesAWrongSecondDerivative() {
        // sigmoid' = s (1 - s) written as s (1 - s) with s a constant: first derivatives right, second ones wrong
        Function<List<Tensor>, Tensor> wrong = t -> Op.apply(new SigmoidWithConstantDerivative(), t.get(0));
        NDArray x = in.randn(4);
        assertTrue(GradCheck.check(wrong, List.of(x)).passed(), "the first derivatives are right");
        GradCheck.Result r = GradCheck.checkSecondOrder(wrong, List.of(x));
        assertTrue(!r.passed() && r.report().contains("FAILED"), r.report());
    }

    private static final class SigmoidWithConstantDerivative extends Op {
        protected NDArray forward(NDArray... x) { return x[0].sigmoid(); }
        protected Tensor[] backward(Tensor g) {
            Tensor s = Tensor.of(output().data()); // cut off from the graph: the mistake
            return new Tensor[] {g.mul(s).mul(s.neg().add(1))};
        }
    }
}
