package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Init;
import ionas.nn.Layer;
import ionas.tensor.Generator;

/**
 * Conv (no bias) then batch norm then ReLU, the building block of NAS-Bench-101 networks and of the
 * IO model's image branch, with NASBench-PyTorch's initialisation: conv weights N(0, 2 / (k k out))
 * (He, fan-out).
 */
public final class ConvBnRelu extends Layer {
    private final Conv2d conv;
    private final BatchNorm bn;

    /**
     * The conv's weight drawn from {@code init} twice, as in NASBench-PyTorch: PyTorch's default
     * when the conv is made, then He's, which replaces it (the first draw still moves the generator).
     */
    public ConvBnRelu(int in, int out, int kernel, int stride, int padding, Generator init) {
        conv = module("conv", new Conv2d(in, out, kernel, stride, padding, false, init));
        bn = module("bn", BatchNorm.batchNorm2d(out));
        Init.kaimingNormal(conv.weight.data(), true, init);
    }

    @Override
    public Tensor forward(Tensor x) {
        return bn.forwardThenRelu(conv.forward(x));
    }
}
