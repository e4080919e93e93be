package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.Layer;
import ionas.nn.LayerHook;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import ionas.tensor.DType;
import ionas.tensor.NDArray;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code synflow} (Tanaka et al. 2020, as zero-cost-nas {@code synflow.py} computes it with
 * {@code bn=False}): every weight replaced by its absolute value, batch norms removed, the network
 * run in float64 on one all-ones image, and R = the sum of the outputs; the score is the sum of
 * |w dR/dw| over the convolutions and the dense layer. float64 because the products of absolute
 * weights over a NAS-Bench-101 network's depth overflow float32 at 128 channels.
 */
public final class Synflow implements ZeroCostProxy {
    @Override
    public String name() {
        return "synflow";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        List<Layer> weighted = NetworkLayers.weighted(net);
        Map<Layer, Tensor> abs = new IdentityHashMap<>(), absBias = new IdentityHashMap<>();
        for (Layer l : weighted) {
            abs.put(l, absolute64(NetworkLayers.weight(l)).requiresGrad(true));
            Tensor bias = l instanceof Linear lin ? lin.bias : ((Conv2d) l).bias;
            if (bias != null) absBias.put(l, absolute64(bias));
        }
        LayerHook linearised = (layer, x, forward) -> switch (layer) {
            case Conv2d c -> c.apply(x, abs.get(c), absBias.get(c));
            case Linear d -> d.apply(x, abs.get(d), absBias.get(d));
            default -> forward.apply(x);
        };
        LayerHook noBatchNorm = (layer, x, forward) -> x;
        int[] one = input.images().shape().clone();
        one[0] = 1;
        try (var hooks = NetworkLayers.hookAll(weighted, linearised);
             var bn = NetworkLayers.hookAll(NetworkLayers.of(net, BatchNorm.class), noBatchNorm)) {
            net.forward(Tensor.of(NDArray.full(1, DType.FLOAT64, input.images().device(), one))).sum().backward();
        }
        double total = 0;
        for (Layer l : weighted) { // in layer order, so that the sum rounds the same in every run
            Tensor w = abs.get(l);
            double[] v = w.data().toDoubleArray(), g = w.grad().toDoubleArray();
            for (int i = 0; i < v.length; i++) total += Math.abs(v[i] * g[i]);
        }
        return total;
    }

    private static Tensor absolute64(Tensor t) {
        return Tensor.of(t.data().abs().to(DType.FLOAT64));
    }
}
