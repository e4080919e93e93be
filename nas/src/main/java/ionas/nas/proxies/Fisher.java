package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.Layer;
import ionas.nn.LayerHook;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fisher} (Turner et al. 2020, as zero-cost-nas {@code fisher.py} computes it): for every
 * output channel k of a convolution or dense layer, with activation a (the layer's output) and its
 * gradient dL/da, g_nk = sum over positions of a dL/da for image n, and the channel's score is
 * 0.5 mean_n g_nk^2. zero-cost-nas then copies each channel's score to every weight of that channel
 * before the sum, so each channel counts once per weight of its filter (in k k for a convolution,
 * in for the dense layer); the same factor is applied here.
 */
public final class Fisher implements ZeroCostProxy {
    @Override
    public String name() {
        return "fisher";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        List<Layer> layers = NetworkLayers.weighted(net);
        Map<Layer, Tensor> outputs = new IdentityHashMap<>();
        LayerHook keep = (layer, x, forward) -> {
            Tensor y = forward.apply(x).retainGrad();
            outputs.put(layer, y);
            return y;
        };
        try (var hooks = NetworkLayers.hookAll(layers, keep)) {
            input.loss(net).backward();
        }
        double total = 0;
        for (Layer layer : layers) {
            Tensor a = outputs.get(layer);
            if (a == null || a.grad() == null) continue; // a layer the loss does not reach scores 0, as in zero-cost-nas
            var w = NetworkLayers.weight(layer).data();
            total += channelScores(a.data().toDoubleArray(), a.grad().toDoubleArray(), a.size(0), a.size(1)) * (w.numel() / w.size(0));
        }
        return total;
    }

    /** The sum over channels of 0.5 mean_n (sum over positions of a dL/da)^2, for (N, C, ...) values. */
    private static double channelScores(double[] a, double[] g, int n, int c) {
        int positions = a.length / (n * c);
        double sum = 0;
        for (int k = 0; k < c; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * c + k) * positions;
                double gnk = 0;
                for (int p = 0; p < positions; p++) gnk += a[base + p] * g[base + p];
                mean += gnk * gnk / n;
            }
            sum += 0.5 * mean;
        }
        return sum;
    }
}
