package ionas.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.CachingAllocator;
import ionas.tensor.cuda.CudaBackend;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * Backward returns device memory as it goes, on the emulated cuda:0 (the real allocator): each
 * op's temporaries when its backward returns, each gradient once it has been passed on. Without
 * that, backward through a chain of n ops would hold n gradients and all their temporaries.
 */
class BackwardMemoryTest {
    private static final int N = 1024, DEPTH = 40;

    @Test
    void backwardThroughAChainHoldsAFewGradientsAtATimeNotOnePerOp() {
        TestDevice emulated = TestDevice.EMULATED_CUDA;
        assumeTrue(emulated.unavailableReason() == null, String.valueOf(emulated.unavailableReason()));
        NDArray start = NDArray.randn(new Generator(1), N);
        float[] want = chainGradient(start, null);
        try (var on = emulated.install()) {
            CachingAllocator allocator = ((CudaBackend) Backends.of(Device.cuda(0))).context().allocator();
            float[] got = chainGradient(start.to(Device.cuda(0)), allocator);
            assertArrayEquals(want, got, 1e-5f);
        }
    }

    /** The gradient of sum(tanh^DEPTH(x)); with an allocator, checks the peak of the backward pass. */
    private static float[] chainGradient(NDArray start, CachingAllocator allocator) {
        Tensor x = Tensor.of(start).requiresGrad(true);
        try (MemoryScope step = MemoryScope.open()) {
            Tensor y = x;
            for (int i = 0; i < DEPTH; i++) y = y.tanh();
            Tensor loss = y.sum();
            if (allocator != null) allocator.resetPeak();
            long before = allocator == null ? 0 : allocator.stats().inUse();
            loss.backward();
            if (allocator != null) {
                long block = CachingAllocator.roundUp((long) N * Float.BYTES);
                long peak = allocator.stats().peakInUse() - before;
                // one op's backward: the gradient coming in, its temporaries, the gradient going out
                assertTrue(peak <= 6 * block, "backward's peak was " + peak / block + " blocks of " + block + " bytes");
                // x.grad and the seed (the scalar 1 that backward starts from), which belong to the step
                assertEquals(block + CachingAllocator.SMALL_STEP, allocator.stats().inUse() - before, "in use after backward");
            }
            return x.grad().toFloatArray();
        }
    }

    /**
     * A leaf's first gradient, when backward made it and nothing else shares it, becomes .grad
     * itself: on a device the copy cost a memset and a device copy per parameter per step (438
     * of an NB101 step's operations).
     */
    @Test
    void aLeafsFirstGradientIsBackwardsOwnArrayNotACopy() {
        RecordingDeviceDriver driver = new RecordingDeviceDriver();
        Backends.registerCuda(CudaBackend.over(driver));
        try {
            Tensor x = Tensor.of(NDArray.zeros(4, 3).to(Device.cuda(0))).requiresGrad(true);
            Tensor loss = x.mul(2).sum();
            RecordingDeviceDriver.Counts before = driver.counts();
            loss.backward();
            RecordingDeviceDriver.Counts during = driver.counts().minus(before);
            assertEquals(0, during.copies(), "device copies in backward");
            assertEquals(Device.cuda(0), x.grad().device());
        } finally {
            Backends.registerCuda(null);
        }
    }
}
