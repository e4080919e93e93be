package ionas.nas.proxies;

import ionas.nn.Parameter;

/**
 * {@code snip} (Lee et al. 2019): the sum of |dL/dm| over a mask m = 1 multiplying every weight of
 * the convolutions and the dense layer. zero-cost-nas ({@code snip.py}) differentiates the mask;
 * since the network computes w m, that gradient is w dL/dw, which is what is summed here.
 */
public final class Snip implements ZeroCostProxy {
    @Override
    public String name() {
        return "snip";
    }

    @Override
    public double score(ProxyInput input) {
        double total = 0;
        for (Parameter w : NetworkLayers.weights(input.lossPass().network())) {
            double[] v = w.data().toDoubleArray(), g = w.grad().toDoubleArray();
            for (int i = 0; i < v.length; i++) total += Math.abs(v[i] * g[i]);
        }
        return total;
    }
}
