package ionas.nas.proxies;

import ionas.nn.Parameter;

/**
 * {@code grad_norm}: the sum over the convolutions and the dense layer of the Euclidean norm of the
 * loss's gradient with respect to the layer's weight (zero-cost-nas {@code grad_norm.py}: one norm
 * per layer, then the sum).
 */
public final class GradNorm implements ZeroCostProxy {
    @Override
    public String name() {
        return "grad_norm";
    }

    @Override
    public double score(ProxyInput input) {
        double total = 0;
        for (Parameter w : NetworkLayers.weights(input.lossPass().network())) {
            double sq = 0;
            for (double g : w.grad().toDoubleArray()) sq += g * g;
            total += Math.sqrt(sq);
        }
        return total;
    }
}
