package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nn.Parameter;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.Adam;
import ionas.nn.optim.SGD;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.CachingAllocator;
import ionas.tensor.cuda.CudaBackend;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * The paper's two models trained on another device, checked without one: the CPU backend
 * simulates {@code cuda:0}, so an array left on the CPU anywhere in the network, its cells, the
 * VAE's sampling noise or the optimisers fails the step, and the numbers must equal the CPU's.
 */
class NetworkOnDeviceTest {
    static final Device GPU = Device.cuda(0);
    static final CellSpec CELL = CellSpec.of(new int[][] {{0, 1, 1, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 1, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}},
            "input", "conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3", "output");


    private static double nb101Step(Device device) {
        Network net = new Network(CELL, 8, 2, 1, 10, new Generator(3));
        SGD sgd = new SGD(net.parameters(), 0.05, 0.9, 1e-4);
        net.to(device);
        NDArray x = NDArray.randn(new Generator(4), 4, 3, 32, 32).to(device);
        NDArray y = NDArray.of(new float[] {1, 3, 5, 7}, 4).to(device);
        double loss = 0;
        for (int s = 0; s < 2; s++) {
            sgd.zeroGrad();
            Tensor l = Losses.crossEntropy(net.forward(Tensor.of(x)), y, Reduction.MEAN);
            l.backward();
            sgd.step();
            loss = l.item();
        }
        for (Parameter p : net.parameters()) assertEquals(device, p.data().device());
        return loss;
    }

    private static double arch2vecStep(Device device) {
        Arch2Vec vae = Arch2Vec.standard(new Generator(5), new Generator(6));
        Adam adam = new Adam(vae.parameters(), 1e-3);
        vae.to(device);
        float[] ops = new float[2 * 35], adj = new float[2 * 49];
        for (int b = 0; b < 2; b++) {
            ops[b * 35] = 1;
            ops[b * 35 + 7] = 1;
            ops[b * 35 + 14] = 1;
            ops[b * 35 + 34] = 1;
            adj[b * 49 + 1] = adj[b * 49 + 9] = adj[b * 49 + 17] = adj[b * 49 + 27] = 1;
        }
        double loss = 0;
        for (int s = 0; s < 2; s++) {
            adam.zeroGrad();
            Tensor l = vae.trainingLoss(NDArray.of(ops, 2, 7, 5).to(device), NDArray.of(adj, 2, 7, 7).to(device));
            l.backward();
            adam.step();
            loss = l.item();
        }
        return loss;
    }

    /**
     * Training steps each in a {@link MemoryScope}, as the training loops run them: on the
     * emulated cuda:0 (the real backend and allocator over the kernels' source), the memory in use
     * is the same after every step, and after the second step (which makes the optimiser's
     * moments) no step asks the driver for memory: every block comes from the cache.
     */
    private static double[] scopedSteps(Device device, int steps, CachingAllocator allocator) {
        Network net = new Network(CELL, 8, 2, 1, 10, new Generator(3));
        SGD sgd = new SGD(net.parameters(), 0.05, 0.9, 1e-4);
        net.to(device);
        NDArray x = NDArray.randn(new Generator(4), 2, 3, 8, 8).to(device); // small: the emulator runs every thread
        NDArray y = NDArray.of(new float[] {1, 7}, 2).to(device);
        double[] losses = new double[steps];
        long[] inUse = new long[steps], driver = new long[steps];
        for (int s = 0; s < steps; s++) {
            try (MemoryScope step = MemoryScope.open()) {
                sgd.zeroGrad();
                Tensor l = Losses.crossEntropy(net.forward(Tensor.of(x)), y, Reduction.MEAN);
                l.backward();
                sgd.step();
                losses[s] = l.item();
            }
            if (allocator != null) {
                inUse[s] = allocator.stats().inUse();
                driver[s] = allocator.stats().driverAllocations();
            }
        }
        if (allocator != null) {
            for (int s = 2; s < steps; s++) {
                assertEquals(inUse[1], inUse[s], "bytes in use after step " + (s + 1));
                assertEquals(driver[1], driver[s], "driver allocations after step " + (s + 1));
            }
        }
        return losses;
    }

    @Test
    void scopedStepsOnTheEmulatedDeviceReuseTheirMemoryAndMatchTheCpu() {
        assumeTrue(TestDevice.EMULATED_CUDA.unavailableReason() == null, String.valueOf(TestDevice.EMULATED_CUDA.unavailableReason()));
        double[] cpu = scopedSteps(Device.CPU, 3, null);
        try (var on = TestDevice.EMULATED_CUDA.install()) {
            CachingAllocator allocator = ((CudaBackend) Backends.of(GPU)).context().allocator();
            double[] gpu = scopedSteps(GPU, 3, allocator);
            assertArrayEquals(cpu, gpu, 1e-4);
        }
    }

    @Test
    void nasBench101TrainingStepRunsOnTheDeviceAndMatchesTheCpu() {
        double cpu = nb101Step(Device.CPU);
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            assertEquals(cpu, nb101Step(GPU), 0.0);
        }
    }

    @Test
    void arch2vecTrainingStepRunsOnTheDeviceAndMatchesTheCpu() {
        double cpu = arch2vecStep(Device.CPU);
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            assertEquals(cpu, arch2vecStep(GPU), 0.0);
        }
    }
}
