package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One check of second derivatives (backward of backward, {@link GradCheck#checkSecondOrder}) per
 * op that supports them, in float64 on the CPU. Ops that are linear in an input are followed by a
 * product or a nonlinearity, so that the check has second derivatives to compare, not only zeros.
 */
class SecondOrderGradCheckTest {
    private final Generator gen = new Generator(7);

    private NDArray randn(int... shape) {
        return NDArray.random(gen, true, DType.FLOAT64, Device.CPU, shape);
    }

    private NDArray uniform(double lo, double hi, int... shape) {
        return NDArray.random(gen, false, DType.FLOAT64, Device.CPU, shape).mul(hi - lo).add(lo);
    }

    /** Values at least 0.1 away from 0, for the kinks of abs and relu. */
    private NDArray awayFromZero(int... shape) {
        NDArray sign = uniform(0, 1, shape).lt(0.5).mul(2).sub(1);
        return uniform(0.1, 2, shape).mul(sign);
    }

    private static void check(Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        GradCheck.assertSecondDerivatives(fn, inputs);
    }

    // ---------------------------------------------------------------- elementwise

    @Test void add() { check(t -> t.get(0).add(t.get(1)).square(), randn(3, 4), randn(4)); }
    @Test void sub() { check(t -> t.get(0).sub(t.get(1)).square(), randn(2, 1, 3), randn(4, 1)); }
    @Test void mul() { check(t -> t.get(0).mul(t.get(1)), randn(3, 4), randn(3, 1)); }
    @Test void div() { check(t -> t.get(0).div(t.get(1)), randn(3, 4), uniform(0.5, 2, 4)); }
    @Test void pow() { check(t -> t.get(0).pow(t.get(1)), uniform(0.5, 2, 3, 4), randn(4)); }
    @Test void maximum() { check(t -> t.get(0).maximum(t.get(1)).square(), randn(3, 4), randn(4)); }
    @Test void minimum() { check(t -> t.get(0).minimum(t.get(1)).square(), randn(3, 4), randn(3, 1)); }

    @Test
    void scalarForms() {
        check(t -> t.get(0).add(1.5).mul(t.get(0).sub(0.5)).mul(t.get(0).rsub(2)).div(t.get(0).mul(3).div(2).add(5)),
                uniform(-1, 1, 5));
    }

    @Test void neg() { check(t -> t.get(0).neg().square(), randn(3, 4)); }
    @Test void exp() { check(t -> t.get(0).exp(), randn(3, 4)); }
    @Test void log() { check(t -> t.get(0).log(), uniform(0.2, 3, 3, 4)); }
    @Test void sqrt() { check(t -> t.get(0).sqrt(), uniform(0.2, 3, 3, 4)); }
    @Test void abs() { check(t -> t.get(0).abs().square(), awayFromZero(3, 4)); }
    @Test void relu() { check(t -> t.get(0).relu().square(), awayFromZero(3, 4)); }
    @Test void sigmoid() { check(t -> t.get(0).sigmoid(), randn(3, 4).mul(3)); }
    @Test void tanh() { check(t -> t.get(0).tanh(), randn(3, 4)); }
    @Test void clamp() { check(t -> t.get(0).clamp(-0.5, 0.5).square(), awayFromZero(4, 5).mul(0.45).add(0.02)); }

    @Test
    void where() {
        NDArray cond = uniform(0, 1, 3, 4).lt(0.5);
        check(t -> Tensor.where(Tensor.of(cond), t.get(0), t.get(1)).exp(), randn(3, 4), randn(4));
    }

    // ---------------------------------------------------------------- reductions

    @Test void sum() { check(t -> t.get(0).sum(new int[] {0, 2}, false).square(), randn(2, 3, 4)); }
    @Test void mean() { check(t -> t.get(0).mean(new int[] {0, 2, 3}, true).exp(), randn(2, 3, 2, 2)); }
    @Test void var() { check(t -> t.get(0).var(new int[] {1, 2}, false, true), randn(2, 3, 4)); }
    @Test void amax() { check(t -> t.get(0).amax(new int[] {1}, false).square(), randn(3, 5)); }
    @Test void softmax() { check(t -> t.get(0).softmax(1), randn(3, 5)); }
    @Test void logSoftmax() { check(t -> t.get(0).logSoftmax(-1), randn(3, 5)); }

    // ---------------------------------------------------------------- matrix products

    @Test void matmul() { check(t -> t.get(0).matmul(t.get(1)).square(), randn(3, 4), randn(4, 5)); }
    @Test void matmulBroadcastBatch() { check(t -> t.get(0).matmul(t.get(1)).tanh(), randn(2, 3, 4), randn(4, 2)); }
    @Test void matmulVectors() { check(t -> t.get(0).matmul(t.get(1)).square(), randn(4), randn(4, 3)); }

    // ---------------------------------------------------------------- views and joins

    @Test void reshape() { check(t -> t.get(0).reshape(4, 3).mul(t.get(1)), randn(2, 6), randn(4, 3)); }
    @Test void permute() { check(t -> t.get(0).permute(2, 0, 1).mul(t.get(1)), randn(2, 3, 4), randn(4, 2, 3)); }
    @Test void narrow() { check(t -> t.get(0).narrow(1, 1, 2).exp(), randn(3, 4)); }
    @Test void expand() { check(t -> t.get(0).expand(2, 3, 4).mul(t.get(1)), randn(3, 1), randn(2, 3, 4)); }
    @Test void contiguousOfView() { check(t -> t.get(0).transpose(0, 1).contiguous().mul(t.get(1)), randn(2, 3), randn(3, 2)); }
    @Test void cat() { check(t -> Tensor.cat(List.of(t.get(0), t.get(1).exp(), t.get(0)), 1).square(), randn(2, 3), randn(2, 2)); }
    @Test void split() { check(t -> t.get(0).split(new int[] {1, 3}, 1).get(1).exp(), randn(2, 4)); }

    // ---------------------------------------------------------------- indexing

    @Test
    void indexSelect() {
        NDArray idx = NDArray.of(new float[] {2, 0, 2}, 3);
        check(t -> t.get(0).indexSelect(0, idx).exp(), randn(3, 2));
    }

    @Test
    void gather() {
        NDArray idx = NDArray.of(new float[] {0, 0, 3, 2, 1, 1}, 2, 3);
        check(t -> t.get(0).gather(1, idx).exp(), randn(2, 4));
    }

    @Test
    void scatterAdd() {
        NDArray idx = NDArray.of(new float[] {0, 0, 3, 2, 1, 1}, 2, 3);
        check(t -> Tensor.scatterAdd(new int[] {2, 4}, 1, idx, t.get(0)).exp(), randn(2, 3));
    }

    // ---------------------------------------------------------------- convolution and pooling

    @Test void conv2d() { check(t -> t.get(0).conv2d(t.get(1), 1, 1).square(), randn(2, 2, 4, 4), randn(3, 2, 3, 3)); }
    @Test void conv2dStrided() { check(t -> t.get(0).conv2d(t.get(1), 2, 0).tanh(), randn(1, 2, 5, 4), randn(2, 2, 3, 2)); }

    @Test
    void maxPool2d() {
        // distinct values keep the finite differences away from ties between window elements
        int n = 2 * 2 * 5 * 5;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 37) % n) * 0.01;
        check(t -> t.get(0).maxPool2d(3, 2, 1).square(), NDArray.of(v, 2, 2, 5, 5));
    }

    @Test void avgPool2d() { check(t -> t.get(0).avgPool2d(3, 2, 1).square(), randn(2, 2, 5, 5)); }

    // ---------------------------------------------------------------- normalisation

    @Test
    void batchNormTraining() {
        check(t -> t.get(0).batchNorm(t.get(1), t.get(2), 1e-5).output().square(), randn(4, 2, 2, 3), randn(2), randn(2));
    }

    @Test
    void batchNormEvaluation() {
        NDArray mean = randn(3), var = uniform(0.5, 2, 3);
        check(t -> t.get(0).batchNorm(t.get(1), t.get(2), mean, var, 1e-5).square(), randn(2, 3, 4), randn(3), randn(3));
    }

    // ---------------------------------------------------------------- the NB101 network's ops in a chain

    @Test
    void smallNetworkEndToEnd() {
        NDArray labels = NDArray.of(new float[] {1, 0}, 2, 1);
        check(t -> {
            Tensor h = t.get(0).conv2d(t.get(1), 1, 1).batchNorm(t.get(2), t.get(3), 1e-5).output().relu().maxPool2d(2, 2, 0);
            Tensor both = Tensor.cat(List.of(h.narrow(1, 0, 1), h.narrow(1, 1, 2).add(h.narrow(1, 0, 2))), 1);
            Tensor logits = both.mean(new int[] {2, 3}, false).matmul(t.get(4));
            return logits.logSoftmax(1).gather(1, labels).neg().mean();
        }, randn(2, 2, 4, 4), randn(3, 2, 3, 3), randn(3), randn(3), randn(3, 2));
    }

    @Test
    void theCheckCatchesAWrongSecondDerivative() {
        // sigmoid' = s (1 - s) written as s (1 - s) with s a constant: first derivatives right, second ones wrong
        Function<List<Tensor>, Tensor> wrong = t -> Op.apply(new SigmoidWithConstantDerivative(), t.get(0));
        NDArray x = randn(4);
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
