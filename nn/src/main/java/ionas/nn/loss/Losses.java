package ionas.nn.loss;

import ionas.autograd.Op;
import ionas.autograd.Tensor;
import ionas.tensor.NDArray;
import java.util.Arrays;

/**
 * The loss functions, each with PyTorch's definition. All but binary cross-entropy are composed
 * from autograd primitives, so their gradients come for free and are covered by the primitives'
 * gradient checks; {@link BinaryCrossEntropy} needs a rule of its own at p = 0 and 1.
 */
public final class Losses {
    private Losses() {}

    /**
     * Cross-entropy from logits (N, C) and class indices (N), as {@code F.cross_entropy}:
     * -log_softmax(logits)[n, target[n]], reduced.
     */
    public static Tensor crossEntropy(Tensor logits, NDArray target, Reduction reduction) {
        if (logits.dim() != 2 || target.dim() != 1 || target.size(0) != logits.size(0))
            throw new IllegalArgumentException("crossEntropy: logits must be (N, C) and target (N), got "
                    + Arrays.toString(logits.shape()) + " and " + Arrays.toString(target.shape()));
        Tensor picked = logits.logSoftmax(1).gather(1, target.reshape(-1, 1));
        return reduction.apply(picked.neg().reshape(-1));
    }

    /**
     * Binary cross-entropy on probabilities, as {@code F.binary_cross_entropy}: each log is clamped
     * at -100, so a probability of exactly 0 or 1 gives a large finite loss instead of infinity.
     */
    public static Tensor binaryCrossEntropy(Tensor p, Tensor target, Reduction reduction) {
        checkSame("binaryCrossEntropy", p, target);
        return reduction.apply(Op.apply(new BinaryCrossEntropy(), p, target));
    }

    /**
     * Binary cross-entropy on logits, as {@code F.binary_cross_entropy_with_logits}, in the stable
     * form max(x, 0) - x t + log(1 + e^-|x|), which never takes the exponential of a large number;
     * max(x, 0) is written (x + |x|)/2 so that the gradient at x = 0 is sigmoid(0) - t, as PyTorch's.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor target, Reduction reduction) {
        checkSame("binaryCrossEntropyWithLogits", x, target);
        Tensor softplusNegAbs = x.abs().neg().exp().add(1).log();
        return reduction.apply(x.mul(target.rsub(0.5)).add(x.abs().mul(0.5)).add(softplusNegAbs));
    }

    /** Mean (or sum) absolute error. */
    public static Tensor l1(Tensor prediction, Tensor target, Reduction reduction) {
        checkSame("l1", prediction, target);
        return reduction.apply(prediction.sub(target).abs());
    }

    /** Mean (or sum) squared error. */
    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        checkSame("mse", prediction, target);
        return reduction.apply(prediction.sub(target).square());
    }

    /**
     * The KL divergence of N(mu, sigma^2) from N(0, 1), summed over the last dimension:
     * 1/2 sum(sigma^2 + mu^2 - 1 - log sigma^2), given log sigma^2 ({@code logVar}). Reduced over
     * the remaining elements. (arch2vec passes log sigma where log sigma^2 is meant; its model
     * code doubles it before calling this.)
     */
    public static Tensor gaussianKl(Tensor mu, Tensor logVar, Reduction reduction) {
        checkSame("gaussianKl", mu, logVar);
        Tensor perDim = logVar.exp().add(mu.square()).sub(1).sub(logVar).mul(0.5);
        return reduction.apply(perDim.sum(-1, false));
    }

    private static void checkSame(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape()))
            throw new IllegalArgumentException(op + ": input " + Arrays.toString(a.shape()) + " and target "
                    + Arrays.toString(b.shape()) + " must have the same shape");
    }
}
