package ionas.nas.search;

import ionas.autograd.Tensor;
import ionas.nn.Module;
import ionas.nn.layers.LSTMCell;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;

/**
 * arch2vec's {@code Policy_LSTM} (spec 3.9): an LSTM cell (embedding -> hidden 128) whose hidden
 * state a linear layer maps to the mean of a Gaussian over the embedding space, with identity
 * covariance.
 */
public final class ReinforcePolicy extends Module {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public final LSTMCell lstm;
    public final Linear mean;
    private final int dim;

    /** One step's output: the Gaussian's mean {@code (1, dim)} and the LSTM state to carry on. */
    public record Step(Tensor mean, LSTMCell.State state) {}

    /**
     * A policy with PyTorch's initialisation (every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden)),
     * in {@code parameters()} order) drawn from {@code init}, so that concurrent runs do not share a
     * generator.
     */
    public ReinforcePolicy(int dim, int hidden, Generator init) {
        this.dim = dim;
        // LSTMCell's bound and Linear's (whose fan in is hidden) are the same, so each layer's own
        // initialisation is the reference's
        lstm = module("lstm", new LSTMCell(dim, hidden, init));
        mean = module("mean", new Linear(hidden, dim, init));
    }

    /** The start of an episode: h = c = 0 (arch2vec's {@code None}). */
    public LSTMCell.State zeroState() {
        return lstm.zeroState(1);
    }

    /** The Gaussian's mean for {@code state} ({@code (1, dim)}), carrying the LSTM state (BPTT through it). */
    public Step forward(Tensor state, LSTMCell.State carried) {
        LSTMCell.State next = lstm.forward(state, carried);
        return new Step(mean.forward(next.h()), next);
    }

    /** {@code log N(action; mean, I) = -1/2 ||action - mean||^2 - dim/2 ln(2 pi)}, a scalar. */
    public Tensor logProb(Tensor action, Tensor mean) {
        return action.sub(mean).square().sum().mul(-0.5).sub(0.5 * dim * LOG_2PI);
    }

    public int dim() {
        return dim;
    }
}
