package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CudaGraph} on the emulated cuda:0, which records a capture and replays it by running the
 * recorded kernels: replays give bit for bit what eager runs give, with fresh inputs copied in
 * before each; the memory of the capture stays reserved; and what CUDA refuses is refused.
 */
class CudaGraphTest {
    private static final Device CUDA = Device.cuda(0);
    private static final int REPLAYS = 3, BATCH = 8, IN = 6, HIDDEN = 5;
    private CachingAllocator allocator;

    @BeforeEach
    void emulatedDevice() {
        allocator = EmulatedCuda.register().context().allocator();
    }

    @AfterEach
    void unregister() {
        EmulatedCuda.unregister();
    }

    private static NDArray random(long seed, int... shape) {
        return NDArray.randn(new Generator(seed), shape).to(CUDA);
    }

    /** A few elementwise ops and a matmul of {@code x} and {@code w}. */
    private static NDArray computation(NDArray x, NDArray w) {
        return x.mul(2).add(1).relu().matmul(w).sub(x.sum(1, true));
    }

    @Test
    void replaysGiveWhatEagerRunsGiveWithFreshInputsCopiedIn() {
        NDArray w = random(1, IN, HIDDEN);
        List<float[]> eager = new ArrayList<>();
        for (int k = 0; k < REPLAYS; k++) eager.add(computation(random(10 + k, BATCH, IN), w).toFloatArray());

        NDArray x = NDArray.zeros(BATCH, IN).to(CUDA); // the captured input: overwritten before each replay
        try (CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, () -> computation(x, w))) {
            assertTrue(graph.work().kernels() >= 5, graph.work() + "");
            for (int k = 0; k < REPLAYS; k++) {
                x.copy_(random(10 + k, BATCH, IN));
                graph.replay();
                assertArrayEquals(eager.get(k), graph.output().toFloatArray(), "replay " + k);
            }
        }
    }

    /**
     * A two-layer perceptron's training step with a squared loss and plain SGD, gradients by hand
     * (this module has no autograd): the weights it updates in place are read by the next replay.
     */
    private record TwoLayerStep(NDArray w1, NDArray w2, NDArray x, NDArray t) implements Supplier<NDArray> {
        static final double LR = 0.05;

        TwoLayerStep(long seed) {
            this(random(seed, IN, HIDDEN), random(seed + 1, HIDDEN, 1), NDArray.zeros(BATCH, IN).to(CUDA),
                    NDArray.zeros(BATCH, 1).to(CUDA));
        }

        @Override
        public NDArray get() {
            NDArray h = x.matmul(w1).relu(), d = h.matmul(w2).sub(t), loss = d.square().mean();
            NDArray gy = d.mul(2.0 / BATCH);
            NDArray gw2 = h.transpose(0, 1).matmul(gy);
            NDArray gw1 = x.transpose(0, 1).matmul(gy.matmul(w2.transpose(0, 1)).mul(h.gt(0)));
            w1.copy_(w1.sub(gw1.mul(LR)));
            w2.copy_(w2.sub(gw2.mul(LR)));
            return loss;
        }

        void feed(int k) {
            x.copy_(random(100 + k, BATCH, IN));
            t.copy_(random(200 + k, BATCH, 1));
        }
    }

    @Test
    void aTrainingStepReplayedTrainsAsTheEagerStepDoes() {
        TwoLayerStep eager = new TwoLayerStep(5), captured = new TwoLayerStep(5);
        double[] eagerLosses = new double[REPLAYS], replayedLosses = new double[REPLAYS];
        for (int k = 0; k < REPLAYS; k++) {
            eager.feed(k);
            try (MemoryScope step = MemoryScope.open()) {
                eagerLosses[k] = eager.get().item();
            }
        }
        try (CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, captured)) {
            for (int k = 0; k < REPLAYS; k++) {
                captured.feed(k);
                graph.replay();
                replayedLosses[k] = graph.output().item();
            }
        }
        assertArrayEquals(eagerLosses, replayedLosses);
        assertTrue(eagerLosses[REPLAYS - 1] != eagerLosses[0], "the steps changed the weights");
        assertArrayEquals(eager.w1().toFloatArray(), captured.w1().toFloatArray());
        assertArrayEquals(eager.w2().toFloatArray(), captured.w2().toFloatArray());
    }

    @Test
    void memoryTheStepFreedStaysReservedUntilTheGraphIsClosed() {
        NDArray x = random(1, BATCH, IN), expected = x.mul(2).add(1);
        long before = allocator.stats().inUse();
        CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, () -> {
            NDArray y;
            try (MemoryScope inner = MemoryScope.open()) {
                NDArray temporary = x.mul(2); // freed during the capture, written by every replay
                y = temporary.add(1);
                inner.keep(y);
            }
            return y;
        });
        long reserved = allocator.stats().inUse() - before;
        assertEquals(2 * CachingAllocator.roundUp(BATCH * IN * Float.BYTES), reserved, "the temporary and the output");
        NDArray other = NDArray.full(7f, BATCH, IN).to(CUDA); // the temporary's size class: must not get its block
        graph.replay();
        assertArrayEquals(NDArray.full(7f, BATCH, IN).toFloatArray(), other.toFloatArray(), "the replay wrote into another array");
        assertArrayEquals(expected.toFloatArray(), graph.output().toFloatArray());
        graph.close();
        assertEquals(before + CachingAllocator.roundUp(BATCH * IN * Float.BYTES), allocator.stats().inUse(), "only `other` is left");
    }

    @Test
    void readingBackDuringCaptureIsRefusedAndLeavesTheStreamUsable() {
        NDArray x = random(1, BATCH, IN);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaGraph.capture(CUDA, () -> x.mul(2).sum().item()));
        assertTrue(e.getMessage().contains("download during CUDA graph capture"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> CudaGraph.capture(CUDA, () -> NDArray.of(new float[] {1}, 1).to(CUDA)));
        assertArrayEquals(new float[] {2}, NDArray.of(new float[] {1}, 1).to(CUDA).mul(2).toFloatArray(), "eager again");
        try (CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, () -> x.mul(3))) { // a new capture can begin
            graph.replay();
            assertArrayEquals(x.mul(3).toFloatArray(), graph.output().toFloatArray());
        }
    }

    @Test
    void captureOnTheCpuAndUseAfterCloseAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CudaGraph.capture(Device.CPU, () -> NDArray.zeros(2).add(1)));
        NDArray x = random(1, 4);
        CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, () -> x.mul(3));
        graph.close();
        assertTrue(assertThrows(IllegalStateException.class, graph::replay).getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, graph::output);
        graph.close(); // twice is fine
    }

    @Test
    void theRecordingDriverCountsAReplayAsOneLaunch() {
        RecordingDeviceDriver driver = new RecordingDeviceDriver();
        Backends.registerCuda(CudaBackend.over(driver));
        TwoLayerStep step = new TwoLayerStep(5);
        RecordingDeviceDriver.Counts before = driver.counts();
        try (MemoryScope scope = MemoryScope.open()) {
            step.get();
        }
        RecordingDeviceDriver.Counts eager = driver.counts().minus(before), atCapture = driver.counts();
        try (CudaGraph<NDArray> graph = CudaGraph.capture(CUDA, step)) {
            assertEquals(eager.launches(), graph.work().kernels());
            assertEquals(eager.memsets() + eager.copies(), graph.work().memsets() + graph.work().copies());
            assertEquals(0, driver.counts().minus(atCapture).streamOperations(), "the capture ran nothing");
            RecordingDeviceDriver.Counts start = driver.counts();
            for (int k = 0; k < REPLAYS; k++) graph.replay();
            RecordingDeviceDriver.Counts replays = driver.counts().minus(start);
            assertEquals(REPLAYS, replays.launches());
            assertEquals(REPLAYS, replays.streamOperations());
            assertEquals(0, replays.syncs());
            assertEquals(0, replays.driverAllocations());
        }
    }
}
