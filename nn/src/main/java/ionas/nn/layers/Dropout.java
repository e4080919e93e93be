package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the survivors are
 * scaled by 1/(1-p), so that evaluation (the identity) needs no rescaling.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Generator gen;

    /** Draws its masks from {@code gen}, whose position a resumable trainer saves with its checkpoint. */
    public Dropout(double p, Generator gen) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), not " + p);
        this.p = p;
        this.gen = gen;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        NDArray keep = NDArray.bernoulli(gen, 1 - p, x.dtype(), x.device(), x.shape());
        return x.mul(Tensor.of(keep.div(1 - p)));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
