package ionas.nn.loss;

import ionas.autograd.Op;
import ionas.autograd.Tensor;
import ionas.tensor.NDArray;

/**
 * Binary cross-entropy on probabilities as one op, because composing it from log and clamp gives
 * the wrong gradient at p = 0 or 1: log's backward divides by p and the clamp's zero gradient times
 * infinity is NaN. PyTorch's rule, used here: the logs are clamped at -100 in forward, and
 * d/dp = (p - t) / max(p (1 - p), 1e-12), which is finite everywhere.
 */
final class BinaryCrossEntropy extends Op {
    @Override
    protected NDArray forward(NDArray... x) {
        NDArray p = x[0], t = x[1];
        NDArray logP = p.log().maximum(-100), log1mP = p.neg().add(1).log().maximum(-100);
        return t.mul(logP).add(t.neg().add(1).mul(log1mP)).neg();
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor p = input(0), t = input(1);
        Tensor floor = Tensor.of(NDArray.full(1e-12, p.dtype(), p.device()));
        Tensor gp = needsGrad(0) ? g.mul(p.sub(t)).div(p.mul(p.neg().add(1)).maximum(floor)) : null;
        // d/dt = log(1 - p) - log(p), unclamped, as PyTorch
        Tensor gt = needsGrad(1) ? g.mul(p.neg().add(1).log().sub(p.log())) : null;
        return new Tensor[] {gp, gt};
    }
}
