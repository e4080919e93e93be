package ionas.nas.nb201;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.Sequential;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.tensor.Generator;

/**
 * ReLU, then a convolution without bias, then batch norm: NAS-Bench-201's {@code ReLUConvBN}, the
 * order reversed from NAS-Bench-101's conv-BN-ReLU. Its children are named as PyTorch's
 * {@code op.0/1/2}, so a state dict moves between the two unchanged.
 */
public final class ReluConvBn extends Layer {
    private final Sequential op;

    public ReluConvBn(int in, int out, int kernel, int stride, int padding, Generator init) {
        op = module("op", new Sequential(Activation.relu(), new Conv2d(in, out, kernel, stride, padding, false, init), BatchNorm.batchNorm2d(out)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return op.forward(x);
    }
}
