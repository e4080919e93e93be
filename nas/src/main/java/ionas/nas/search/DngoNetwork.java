package ionas.nas.search;

import ionas.autograd.Tensor;
import ionas.nn.Init;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;

/**
 * The basis network of arch2vec's DNGO (spec 3.10): {@code Linear(dim -> hidden) -> tanh ->
 * Linear(hidden -> 1)}, trained to regress accuracy; its hidden activations are the basis
 * functions of the Bayesian linear regression.
 */
final class DngoNetwork extends Module {
    final Linear hidden, out;

    /** PyTorch's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases, drawn from {@code init}. */
    DngoNetwork(int dim, int units, Generator init) {
        // The layers' constructors draw from Init's global generator; hold its lock so concurrent
        // runs do not interleave draws there. The values are replaced below anyway.
        synchronized (Init.class) {
            hidden = module("fc", new Linear(dim, units));
            out = module("out", new Linear(units, 1));
        }
        for (Parameter p : hidden.parameters()) Init.pytorchDefault(p.data(), dim, init);
        for (Parameter p : out.parameters()) Init.pytorchDefault(p.data(), units, init);
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
