package ionas.nn.loss;

import ionas.autograd.Tensor;

/** How a loss turns per-element values into its result, as PyTorch's {@code reduction=}. */
public enum Reduction {
    MEAN, SUM, NONE;

    Tensor apply(Tensor perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
