package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.autograd.Tensor;
import ionas.nas.nb101.Network;
import ionas.nas.nb101.SpecCells;
import ionas.nn.Parameter;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.SGD;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The NAS-Bench-101 training step of the step profile (the Inception-like cell, batch norm,
 * cross-entropy, SGD with momentum, its Java code: autograd, the optimiser, the memory scopes of
 * backward) captured as a {@link CudaGraph} on the emulated cuda:0 and replayed: the replays
 * train the network bit for bit as eager steps do, with a new batch copied in before each. At a
 * size the emulator runs in seconds (stem 8, one stack of one cell, batch 2 of 8 x 8 images).
 */
class Nb101StepGraphTest {
    private static final Device CUDA = Device.cuda(0);
    private static final int STEPS = 2;

    @BeforeEach
    void emulatedDevice() {
        String emulator = EmulatedCuda.unavailableReason();
        assumeTrue(emulator == null, "no emulator: " + emulator);
        Backends.registerCuda(EmulatedCuda.backend());
    }

    @AfterEach
    void unregister() {
        Backends.registerCuda(null);
    }

    /** The network, its optimiser, and the device tensors its step reads its batch from. */
    private static final class Training {
        final Network network = new Network(SpecCells.INCEPTION, 8, 1, 1, 10, new Generator(42));
        final SGD optimizer;
        final NDArray images = NDArray.zeros(2, 3, 8, 8).to(CUDA), labels = NDArray.zeros(2).to(CUDA);

        Training() {
            network.to(CUDA);
            optimizer = new SGD(network.parameters(), 0.01, 0.9, 0);
        }

        Tensor step() {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(network.forward(Tensor.of(images)), labels, Reduction.MEAN);
            loss.backward();
            optimizer.step();
            return loss;
        }

        void feed(int step) {
            images.copy_(NDArray.randn(new Generator(100 + step), 2, 3, 8, 8).to(CUDA));
            labels.copy_(NDArray.of(new float[] {step % 10, (3 * step + 1) % 10}, 2).to(CUDA));
        }

        double eagerStep(int step) {
            feed(step);
            try (MemoryScope scope = MemoryScope.open()) {
                return step().item();
            }
        }
    }

    @Test
    void replayedStepsTrainAsEagerStepsDo() {
        Training eager = new Training(), replayed = new Training();
        eager.eagerStep(0);
        replayed.eagerStep(0); // the warm-up makes the momentum buffers, which the captured step then updates
        double[] eagerLosses = new double[STEPS], replayedLosses = new double[STEPS];
        for (int s = 0; s < STEPS; s++) eagerLosses[s] = eager.eagerStep(1 + s);
        try (CudaGraph<Tensor> graph = CudaGraph.capture(CUDA, replayed::step)) {
            for (int s = 0; s < STEPS; s++) {
                replayed.feed(1 + s);
                graph.replay();
                replayedLosses[s] = graph.output().item();
            }
        }
        assertArrayEquals(eagerLosses, replayedLosses);
        List<Parameter> a = eager.network.parameters(), b = replayed.network.parameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
            assertArrayEquals(a.get(i).data().toFloatArray(), b.get(i).data().toFloatArray(), "parameter " + i);
    }
}
