package ionas.nas.proxies;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.LayerHook;

/**
 * {@code flops}: the multiply-adds of one image's forward pass through the convolutions and the
 * dense layer (each output value costs one multiply-add per weight of its filter); batch norm,
 * ReLU, pooling and additions are not counted, as batch norm folds into the convolution before it
 * at inference and the rest costs no multiplications.
 */
public final class Flops implements ZeroCostProxy {
    @Override
    public String name() {
        return "flops";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        long[] macs = {0};
        LayerHook count = (layer, x, forward) -> {
            Tensor y = forward.apply(x);
            var w = NetworkLayers.weight(layer).data();
            macs[0] += (long) y.numel() * (w.numel() / w.size(0));
            return y;
        };
        try (var hooks = NetworkLayers.hookAll(NetworkLayers.weighted(net), count); var off = Autograd.noGrad()) {
            net.forward(Tensor.of(input.images().narrow(0, 0, 1)));
        }
        return macs[0];
    }
}
