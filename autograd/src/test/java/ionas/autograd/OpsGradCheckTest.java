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
 * One gradient check per differentiable op (finite differences in float64), with broadcasting,
 * views and multi-dimension reductions among them.
 */
class OpsGradCheckTest {
    private final Generator gen = new Generator(2024);

    /** N(0,1) in float64. */
    private NDArray randn(int... shape) {
        return NDArray.random(gen, true, DType.FLOAT64, Device.CPU, shape);
    }

    /** Values in [lo, hi), for ops with a restricted domain or a kink to stay away from. */
    private NDArray uniform(double lo, double hi, int... shape) {
        return NDArray.random(gen, false, DType.FLOAT64, Device.CPU, shape).mul(hi - lo).add(lo);
    }

    /** Values at least 0.1 away from 0, for abs and relu. */
    private NDArray awayFromZero(int... shape) {
        NDArray u = uniform(0.1, 2, shape);
        NDArray sign = uniform(0, 1, shape).lt(0.5).mul(2).sub(1);
        return u.mul(sign);
    }

    private static void check(Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        GradCheck.assertGradients(fn, inputs);
    }

    // ---------------------------------------------------------------- elementwise, with broadcasting

    @Test void add() { check(t -> t.get(0).add(t.get(1)), randn(3, 4), randn(4)); }
    @Test void sub() { check(t -> t.get(0).sub(t.get(1)), randn(2, 1, 3), randn(4, 1)); }
    @Test void mul() { check(t -> t.get(0).mul(t.get(1)), randn(3, 4), randn(3, 1)); }
    @Test void div() { check(t -> t.get(0).div(t.get(1)), randn(3, 4), uniform(0.5, 2, 4)); }
    @Test void pow() { check(t -> t.get(0).pow(t.get(1)), uniform(0.5, 2, 3, 4), randn(4)); }
    @Test void powScalarExponent() { check(t -> t.get(0).pow(3), randn(5)); }
    @Test void maximum() { check(t -> t.get(0).maximum(t.get(1)), randn(3, 4), randn(4)); }
    @Test void minimum() { check(t -> t.get(0).minimum(t.get(1)), randn(3, 4), randn(3, 1)); }
    @Test void neg() { check(t -> t.get(0).neg(), randn(3, 4)); }
    @Test void exp() { check(t -> t.get(0).exp(), randn(3, 4)); }
    @Test void log() { check(t -> t.get(0).log(), uniform(0.2, 3, 3, 4)); }
    @Test void sqrt() { check(t -> t.get(0).sqrt(), uniform(0.2, 3, 3, 4)); }
    @Test void abs() { check(t -> t.get(0).abs(), awayFromZero(3, 4)); }
    @Test void relu() { check(t -> t.get(0).relu(), awayFromZero(3, 4)); }
    @Test void sigmoid() { check(t -> t.get(0).sigmoid(), randn(3, 4).mul(3)); }
    @Test void tanh() { check(t -> t.get(0).tanh(), randn(3, 4)); }
    @Test void clamp() { check(t -> t.get(0).clamp(-0.5, 0.5), awayFromZero(4, 5).mul(0.45).add(0.02)); }

    @Test
    void where() {
        NDArray cond = uniform(0, 1, 3, 4).lt(0.5).to(DType.FLOAT64);
        check(t -> Tensor.where(Tensor.of(cond), t.get(0), t.get(1)), randn(3, 4), randn(4));
    }

    @Test void square() { check(t -> t.get(0).square(), randn(6)); }

    // ---------------------------------------------------------------- reductions

    @Test void sumAll() { check(t -> t.get(0).sum(), randn(3, 4)); }
    @Test void sumOverNonAdjacentDims() { check(t -> t.get(0).sum(new int[] {0, 2}, false), randn(2, 3, 4)); }
    @Test void sumKeepdim() { check(t -> t.get(0).sum(-1, true), randn(2, 3, 4)); }
    @Test void mean() { check(t -> t.get(0).mean(new int[] {0, 2, 3}, true), randn(2, 3, 2, 2)); }
    @Test void varUnbiased() { check(t -> t.get(0).var(new int[] {0}, true, false), randn(5, 3)); }
    @Test void varBiasedOverTwoDims() { check(t -> t.get(0).var(new int[] {1, 2}, false, true), randn(2, 3, 4)); }
    @Test void amax() { check(t -> t.get(0).amax(new int[] {1}, false), randn(3, 5)); }
    @Test void amin() { check(t -> t.get(0).amin(new int[] {0, 1}, false), randn(3, 5, 2)); }
    @Test void softmax() { check(t -> t.get(0).softmax(1), randn(3, 5)); }
    @Test void softmaxOverFirstDim() { check(t -> t.get(0).softmax(0), randn(3, 5)); }
    @Test void logSoftmax() { check(t -> t.get(0).logSoftmax(-1), randn(3, 5)); }

    // ---------------------------------------------------------------- matrix products

    @Test void matmul() { check(t -> t.get(0).matmul(t.get(1)), randn(3, 4), randn(4, 5)); }
    @Test void matmulBroadcastBatch() { check(t -> t.get(0).matmul(t.get(1)), randn(2, 3, 4), randn(4, 2)); }
    @Test void matmulBatchedBothSides() { check(t -> t.get(0).matmul(t.get(1)), randn(2, 1, 3, 4), randn(3, 4, 2)); }
    @Test void matmulVectors() { check(t -> t.get(0).matmul(t.get(1)), randn(4), randn(4, 3)); }
    @Test void matmulTransposedView() { check(t -> t.get(0).transpose(0, 1).matmul(t.get(1)), randn(4, 3), randn(4, 2)); }

    // ---------------------------------------------------------------- views and joins

    @Test void reshape() { check(t -> t.get(0).reshape(4, 3).mul(t.get(1)), randn(2, 6), randn(4, 3)); }
    @Test void permute() { check(t -> t.get(0).permute(2, 0, 1).mul(t.get(1)), randn(2, 3, 4), randn(4, 2, 3)); }
    @Test void transpose() { check(t -> t.get(0).transpose(0, 1).mul(t.get(1)), randn(2, 3), randn(3, 2)); }
    @Test void narrow() { check(t -> t.get(0).narrow(1, 1, 2).exp(), randn(3, 4)); }
    @Test void select() { check(t -> t.get(0).select(0, 1).tanh(), randn(3, 4)); }
    @Test void expand() { check(t -> t.get(0).expand(2, 3, 4).mul(t.get(1)), randn(3, 1), randn(2, 3, 4)); }
    @Test void squeezeUnsqueeze() { check(t -> t.get(0).unsqueeze(1).squeeze(2).mul(t.get(1)), randn(3, 1), randn(3, 1)); }
    @Test void contiguousOfView() { check(t -> t.get(0).transpose(0, 1).contiguous().mul(t.get(1)), randn(2, 3), randn(3, 2)); }
    @Test void cat() { check(t -> Tensor.cat(List.of(t.get(0), t.get(1).exp(), t.get(0)), 1), randn(2, 3), randn(2, 2)); }
    @Test void stack() { check(t -> Tensor.stack(List.of(t.get(0), t.get(1)), 0).tanh(), randn(2, 3), randn(2, 3)); }
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

    @Test void conv2d() { check(t -> t.get(0).conv2d(t.get(1), 1, 1), randn(2, 3, 5, 5), randn(4, 3, 3, 3)); }
    @Test void conv2dStrided() { check(t -> t.get(0).conv2d(t.get(1), 2, 0), randn(1, 2, 7, 6), randn(3, 2, 3, 2)); }

    @Test
    void maxPool2d() {
        // distinct values keep the finite differences away from ties between window elements
        int n = 2 * 3 * 6 * 6;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((i * 37) % n) * 0.01; // a permutation of distinct values
        check(t -> t.get(0).maxPool2d(3, 2, 1), NDArray.of(v, 2, 3, 6, 6));
    }

    @Test void avgPool2d() { check(t -> t.get(0).avgPool2d(3, 2, 1), randn(2, 2, 5, 5)); }

    // ---------------------------------------------------------------- normalisation

    @Test
    void batchNormTraining() {
        check(t -> t.get(0).batchNorm(t.get(1), t.get(2), 1e-5).output(), randn(4, 3, 2, 3), randn(3), randn(3));
    }

    @Test
    void batchNormTrainingOnFeatures() {
        check(t -> t.get(0).batchNorm(t.get(1), t.get(2), 1e-5).output(), randn(5, 4), randn(4), randn(4));
    }

    @Test
    void batchNormEvaluation() {
        NDArray mean = randn(3), var = uniform(0.5, 2, 3);
        check(t -> t.get(0).batchNorm(t.get(1), t.get(2), mean, var, 1e-5), randn(2, 3, 4), randn(3), randn(3));
    }

    // ---------------------------------------------------------------- a long chain

    @Test
    void smallNetworkEndToEnd() {
        check(t -> t.get(0).conv2d(t.get(1), 1, 1).relu().maxPool2d(2, 2, 0)
                        .mean(new int[] {2, 3}, false).matmul(t.get(2)).logSoftmax(1).mean(),
                randn(2, 2, 4, 4), randn(3, 2, 3, 3), randn(3, 4));
    }

    @Test
    void gradCheckCatchesAWrongDerivative() {
        Function<List<Tensor>, Tensor> wrong = t -> Op.apply(new WrongExp(), t.get(0));
        GradCheck.Result r = GradCheck.check(wrong, List.of(randn(4)));
        assertTrue(!r.passed() && r.report().contains("FAILED"), r.report());
    }

    /** e^x with the derivative of e^x forgotten: the gradient check must notice. */
    private static final class WrongExp extends Op {
        protected NDArray forward(NDArray... x) { return x[0].exp(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g}; }
    }
}
