package ionas.nas.nb101;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.Init;
import ionas.nn.Sequential;
import ionas.nn.layers.ConvBnRelu;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.tensor.Generator;

/**
 * A NAS-Bench-101 network (NASBench-PyTorch's builder): a 3x3 ConvBnRelu stem, then {@code stacks}
 * stacks of {@code cellsPerStack} cells, with a 2x2 max-pool and doubled channels before every
 * stack but the first, then global average pooling and a dense layer. The paper's network is
 * {@code new Network(cell, 128, 3, 3, 10, init)}: 32x32x128, 16x16x256, 8x8x512, then 512 pooled features.
 */
public final class Network extends CellNetwork {
    private final Sequential layers;
    private final Linear classifier;

    /**
     * The weights drawn from {@code init} layer by layer, from the stem to the classifier, as
     * NASBench-PyTorch's builder draws them after {@code torch.manual_seed}.
     */
    public Network(CellSpec cell, int stemChannels, int stacks, int cellsPerStack, int classes, Generator init) {
        layers = module("layers", new Sequential());
        layers.add(new ConvBnRelu(3, stemChannels, 3, 1, 1, init));
        int in = stemChannels, out = stemChannels;
        for (int s = 0; s < stacks; s++) {
            if (s > 0) {
                layers.add(Pooling.maxPool2d(2, 2, 0));
                out *= 2;
            }
            for (int m = 0; m < cellsPerStack; m++) {
                layers.add(new Cell(cell, in, out, init));
                in = out;
            }
        }
        classifier = module("classifier", new Linear(out, classes, init)); // PyTorch's default draw first, then N(0, 0.01^2)
        Init.normal(classifier.weight.data(), 0, 0.01, init);
        classifier.bias.data().fill_(0);
    }

    /** The pooled features before the dense layer: (N, channels of the last stack). */
    @Override
    public Tensor features(Tensor x) {
        return layers.forward(x).mean(new int[] {2, 3}, false);
    }

    @Override
    protected Linear classifier() {
        return classifier;
    }
}
