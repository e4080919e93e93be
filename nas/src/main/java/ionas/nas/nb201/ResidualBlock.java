package ionas.nas.nb201;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.Sequential;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Pooling;
import ionas.tensor.Generator;

/**
 * The reduction between NAS-Bench-201's stages (its {@code ResNetBasicblock} with stride 2): two
 * {@link ReluConvBn} 3x3 (the first with stride 2) plus a shortcut of 2x2 average pooling and a 1x1
 * convolution, so spatial size halves and channels go from {@code in} to {@code out}.
 */
public final class ResidualBlock extends Layer {
    private final ReluConvBn convA, convB;
    private final Sequential downsample;

    public ResidualBlock(int in, int out, Generator init) {
        convA = module("conv_a", new ReluConvBn(in, out, 3, 2, 1, init));
        convB = module("conv_b", new ReluConvBn(out, out, 3, 1, 1, init));
        downsample = module("downsample", new Sequential(Pooling.avgPool2d(2, 2, 0), new Conv2d(in, out, 1, 1, 0, false, init)));
    }

    @Override
    public Tensor forward(Tensor x) {
        return downsample.forward(x).add(convB.forward(convA.forward(x)));
    }
}
