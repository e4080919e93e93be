package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.Layer;
import ionas.nn.LayerHook;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One forward and backward pass of the loss on a fresh network, what {@code grad_norm}, {@code snip}
 * and {@code fisher} all read: zero-cost-nas runs the same pass once for each of them, with the same
 * weights and minibatch, so the gradients are the same numbers and one pass serves the three.
 *
 * @param network the network after the pass: its convolutions' and dense layer's weights hold dL/dW
 * @param channelSums for each convolution and dense layer the loss reaches, g_nk = the sum over
 *     positions of a dL/da for image n and output channel k (a the layer's output), (N, C) row-major;
 *     only these sums are kept, not the activations, whose memory goes with the pass
 */
record LossPass(CellNetwork network, Map<Layer, double[]> channelSums) {
    static LossPass of(ProxyInput input) {
        CellNetwork net = input.network().get();
        Map<Layer, Tensor> outputs = new IdentityHashMap<>();
        LayerHook keep = (layer, x, forward) -> {
            Tensor y = forward.apply(x).retainGrad();
            outputs.put(layer, y);
            return y;
        };
        List<Layer> layers = NetworkLayers.weighted(net);
        try (var hooks = NetworkLayers.hookAll(layers, keep)) {
            input.loss(net).backward();
        }
        Map<Layer, double[]> sums = new IdentityHashMap<>();
        for (Layer layer : layers) {
            Tensor a = outputs.get(layer);
            if (a != null && a.grad() != null) sums.put(layer, channelSums(a.data().toDoubleArray(), a.grad().toDoubleArray(), a.size(0), a.size(1)));
        }
        return new LossPass(net, sums);
    }

    /** g_nk of (N, C, ...) values and gradients. */
    private static double[] channelSums(double[] a, double[] g, int n, int c) {
        int positions = a.length / (n * c);
        double[] sums = new double[n * c];
        for (int i = 0; i < n * c; i++) {
            int base = i * positions;
            double s = 0;
            for (int p = 0; p < positions; p++) s += a[base + p] * g[base + p];
            sums[i] = s;
        }
        return sums;
    }
}
