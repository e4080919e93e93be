package ionas.nas.nb201;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.Sequential;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import ionas.tensor.Generator;

/**
 * The network NAS-Bench-201 trains for a cell (its {@code TinyNetwork}): a 3x3 convolution and batch
 * norm stem of {@code channels}, then {@code stages} stages of {@code cellsPerStage} cells, each
 * stage after the first doubling the channels and halving the image with a {@link ResidualBlock},
 * then batch norm, ReLU, global average pooling and a dense layer. The benchmark's network is
 * {@code new Nb201Network(cell, 16, 3, 5, classes, init)}. Children are named as PyTorch's
 * ({@code stem}, {@code cells.k}, {@code lastact}, {@code classifier}); every layer keeps PyTorch's
 * default initialisation, as the benchmark's training does.
 */
public final class Nb201Network extends CellNetwork {
    /** The benchmark's stem width, stages and cells per stage. */
    public static final int CHANNELS = 16, STAGES = 3, CELLS_PER_STAGE = 5;

    private final Sequential stem, cells, lastact;
    private final Linear classifier;

    public Nb201Network(Nb201Cell cell, int channels, int stages, int cellsPerStage, int classes, Generator init) {
        stem = module("stem", new Sequential(new Conv2d(3, channels, 3, 1, 1, false, init), BatchNorm.batchNorm2d(channels)));
        cells = module("cells", new Sequential());
        int c = channels;
        for (int stage = 0; stage < stages; stage++) {
            if (stage > 0) {
                cells.add(new ResidualBlock(c, 2 * c, init));
                c *= 2;
            }
            for (int k = 0; k < cellsPerStage; k++) cells.add(new Nb201CellLayer(cell, c, init));
        }
        lastact = module("lastact", new Sequential(BatchNorm.batchNorm2d(c), Activation.relu()));
        classifier = module("classifier", new Linear(c, classes, init));
    }

    /** The benchmark's network for {@code cell}: stem 16, 5 cells per stage. */
    public static Nb201Network benchmark(Nb201Cell cell, int classes, Generator init) {
        return new Nb201Network(cell, CHANNELS, STAGES, CELLS_PER_STAGE, classes, init);
    }

    /** The pooled features before the dense layer: (N, channels of the last stage). */
    @Override
    public Tensor features(Tensor x) {
        return lastact.forward(cells.forward(stem.forward(x))).mean(new int[] {2, 3}, false);
    }

    @Override
    protected Linear classifier() {
        return classifier;
    }
}
