package ionas.benchmarks.gpu;

import ionas.autograd.Tensor;
import ionas.benchmarks.TrainingStepBenchmark;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.Network;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.SGD;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;

/**
 * The NAS-Bench-101 training step that {@link GpuTrainingStepBenchmark} times and
 * {@link StepProfile} counts, built once so that both measure the same work: the spec's
 * Inception-like test-vector cell, stem 128, 3 stacks of 3 cells, batch 128 of 32 x 32 images,
 * 10 classes, cross-entropy, SGD with lr 0.01 and momentum 0.9.
 *
 * <p>The network is built on the CPU (as ionas builds every module) and moved with
 * {@code Module.to(Device)}; the images and labels are made once and stay on the device, so a
 * step transfers nothing.
 */
final class Nb101TrainingStep {
    /** The spec's Inception-like cell (test vector 1.4a), the one the CPU's TrainingStepBenchmark trains. */
    static final CellSpec CELL = TrainingStepBenchmark.CELL;
    static final int STEM = 128, BATCH = 128;

    private final Network network;
    private final SGD optimizer;
    private final Tensor images;
    private final NDArray labels;

    /** The network, optimiser and one batch on {@code device} (seeded: the same every time). */
    Nb101TrainingStep(Device device) {
        Generator data = new Generator(7);
        network = new Network(CELL, STEM, 3, 3, 10, new Generator(42));
        network.to(device);
        optimizer = new SGD(network.parameters(), 0.01, 0.9, 0);
        images = Tensor.of(NDArray.randn(data, BATCH, 3, 32, 32).to(device));
        float[] r = NDArray.rand(data, BATCH).toFloatArray();
        for (int i = 0; i < r.length; i++) r[i] = (float) Math.floor(r[i] * 10);
        labels = NDArray.of(r, BATCH).to(device);
    }

    /**
     * One step: zero the gradients, forward, cross-entropy, backward, SGD. Returns the loss without
     * reading it back: {@code item()} is the caller's choice (it waits for the whole step).
     */
    Tensor run() {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(network.forward(images), labels, Reduction.MEAN);
        loss.backward();
        optimizer.step();
        return loss;
    }
}
