package ionas.nas.search;

import ionas.autograd.Tensor;
import ionas.nn.Module;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;

/**
 * The basis network of arch2vec's DNGO (spec 3.10): {@code Linear(dim -> hidden) -> tanh ->
 * Linear(hidden -> 1)}, trained to regress accuracy; its hidden activations are the basis
 * functions of the Bayesian linear regression.
 */
final class DngoNetwork extends Module {
    final Linear hidden, out;

    /**
     * PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases,
     * drawn from {@code init}: the generator is the run's own, so concurrent runs cannot disturb it.
     */
    DngoNetwork(int dim, int units, Generator init) {
        hidden = module("fc", new Linear(dim, units, init));
        out = module("out", new Linear(units, 1, init));
    }

    /** The basis functions {@code tanh(fc(x))}, {@code (n, units)}. */
    Tensor basis(Tensor x) {
        return hidden.forward(x).tanh();
    }

    /** The regression output, {@code (n, 1)}. */
    Tensor forward(Tensor x) {
        return out.forward(basis(x));
    }
}
