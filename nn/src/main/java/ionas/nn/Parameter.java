package ionas.nn;

import ionas.autograd.Tensor;
import ionas.tensor.NDArray;

/**
 * A tensor that a {@link Module} registers as learnable: it requires a gradient, shows up in
 * {@link Module#parameters()} and is what optimisers update (in place, through {@link #data()}).
 * A plain {@link Tensor} held by a module is deliberately not a parameter.
 */
public final class Parameter extends Tensor {
    public Parameter(NDArray data) {
        super(data, true);
    }
}
