package ionas.nas.proxies;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.numeric.LuDecomposition;
import ionas.nas.space.CellNetwork;
import ionas.nn.LayerHook;
import ionas.nn.layers.BatchNorm;
import ionas.tensor.NDArray;

/**
 * {@code nwot} (Mellor et al. 2021, "Neural Architecture Search without Training"): every ReLU's
 * input gives each image a binary code c (1 where the unit is active); K, summed over the ReLUs,
 * counts for every pair of images the units on which their codes agree, K = c c^T + (1-c)(1-c)^T,
 * and the score is log|det K|. In a NAS-Bench-101 network every ReLU follows a batch norm, so the
 * codes are read at the batch norms' outputs.
 */
public final class Nwot implements ZeroCostProxy {
    @Override
    public String name() {
        return "nwot";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        net.train(true);
        int n = input.batch();
        double[] kernel = new double[n * n];
        LayerHook codes = (layer, x, forward) -> {
            Tensor y = forward.apply(x);
            NDArray c = y.data().gt(0).reshape(n, -1);
            NDArray off = c.rsub(1);
            // float32 counts stay exact: a layer has far fewer than 2^24 units per image
            double[] agree = c.matmul(c.mT()).add(off.matmul(off.mT())).toDoubleArray();
            for (int i = 0; i < agree.length; i++) kernel[i] += agree[i];
            return y;
        };
        try (var hooks = NetworkLayers.hookAll(NetworkLayers.of(net, BatchNorm.class), codes); var off = Autograd.noGrad()) {
            net.forward(Tensor.of(input.images()));
        }
        return new LuDecomposition(kernel, n).logAbsDeterminant();
    }
}
