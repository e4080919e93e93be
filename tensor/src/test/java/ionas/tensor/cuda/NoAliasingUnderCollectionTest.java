package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An op's outputs never share a block with one of its own temporaries, even when the garbage
 * collector runs in the middle of the op. The ops here copy a strided input to a contiguous
 * temporary first; its storage is unreachable as soon as its address has been read, so a
 * collection during a later allocation of the same op returns its block to the cache, and the
 * next allocation of that size gets it: the kernel would then write its output over its own input.
 * The emulated driver here refuses every allocation until the allocator has collected garbage
 * (its last resort), so a collection happens inside every allocation.
 */
class NoAliasingUnderCollectionTest {
    private static CudaBackend gpu;
    private final Backend cpu = Backends.cpu();

    @BeforeAll
    static void collectingDevice() {
        String emulator = EmulatedCuda.unavailableReason();
        assumeTrue(emulator == null, "no emulator: " + emulator);
        gpu = new CudaBackend(new CudaContext(Device.cuda(0), new EmulatedDeviceDriver(CudaEmulatorLibrary.get(), true)));
    }

    /**
     * A (d0, d1, d2, d3) array: on the collecting device a view with its last two dimensions
     * swapped, on the CPU the same values made contiguous, as the CPU backend's kernels take them.
     */
    private static NDArray[] transposed(long seed, int... shape) {
        int n = shape[0] * shape[1] * shape[2] * shape[3];
        float[] v = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        int[] stored = {shape[0], shape[1], shape[3], shape[2]};
        NDArray onCpu = NDArray.of(v, stored).transpose(2, 3).contiguous(); // the CPU backend's convention
        NDArray onGpu = new NDArray(gpu.fromArray(v), stored).transpose(2, 3);
        assertTrue(!onGpu.isContiguous());
        return new NDArray[] {onCpu, onGpu};
    }

    private static float[] host(NDArray onDevice) {
        return gpu.toFloatArray(onDevice);
    }

    @Test
    void convolutionOfStridedInputs() {
        // padding 1 keeps 16 x 16, and 4 -> 4 channels: the output is the strided input's size
        // class, and with 16 tiles of 128 rows a tile's window reads rows an earlier tile wrote
        ConvGeometry g = new ConvGeometry(8, 4, 16, 16, 4, 3, 3, 1, 1, 1, 1);
        NDArray[] x = transposed(1, 8, 4, 16, 16), w = transposed(2, 4, 4, 3, 3), gy = transposed(3, 8, 4, 16, 16);
        assertArrayEquals(cpu.conv2d(x[0], w[0], g).toFloatArray(), host(gpu.conv2d(x[1], w[1], g)), 1e-4f, "forward");
        assertArrayEquals(cpu.conv2dBackwardInput(gy[0], w[0], g).toFloatArray(),
                host(gpu.conv2dBackwardInput(gy[1], w[1], g)), 1e-4f, "backward-input");
        assertArrayEquals(cpu.conv2dBackwardWeight(x[0], gy[0], g).toFloatArray(),
                host(gpu.conv2dBackwardWeight(x[1], gy[1], g)), 1e-4f, "backward-weight");
    }

    @Test
    void poolingOfStridedInputs() {
        PoolGeometry g = new PoolGeometry(2, 4, 6, 6, 3, 3, 1, 1, 1, 1);
        NDArray[] x = transposed(4, 2, 4, 6, 6), gy = transposed(5, 2, 4, 6, 6);
        assertArrayEquals(cpu.avgPool2d(x[0], g).toFloatArray(), host(gpu.avgPool2d(x[1], g)), 1e-6f, "avg forward");
        assertArrayEquals(cpu.avgPool2dBackward(gy[0], g).toFloatArray(), host(gpu.avgPool2dBackward(gy[1], g)), 1e-6f,
                "avg backward");
        assertArrayEquals(cpu.maxPool2d(x[0], g)[0].toFloatArray(), host(gpu.maxPool2d(x[1], g)[0]), 0f, "max forward");
    }

    @Test
    void batchNormBackwardOfTwoStridedInputs() {
        // the copy of x is the copy of g's size class: a collection while copying x hands it g's block
        NDArray[] g = transposed(6, 2, 4, 6, 6), x = transposed(7, 2, 4, 6, 6), reluOut = transposed(8, 2, 4, 6, 6);
        float[] mean = {0.1f, -0.2f, 0f, 0.3f}, invstd = {1.5f, 0.8f, 1f, 2f}, gamma = {0.5f, -1f, 2f, 1.5f};
        for (boolean relu : new boolean[] {false, true}) { // with relu, a third strided input (the mask) is copied too
            NDArray[] want = cpu.batchNormBackward(g[0], relu ? reluOut[0] : null, x[0], 2, 4, 36, NDArray.of(mean, 4),
                    NDArray.of(invstd, 4), NDArray.of(gamma, 4), true);
            NDArray[] got = gpu.batchNormBackward(g[1], relu ? reluOut[1] : null, x[1], 2, 4, 36, onDevice(mean), onDevice(invstd),
                    onDevice(gamma), true);
            for (int i = 0; i < 3; i++) assertArrayEquals(want[i].toFloatArray(), host(got[i]), 1e-5f, "output " + i + " relu=" + relu);
        }
    }

    private static NDArray onDevice(float[] values) {
        return new NDArray(gpu.fromArray(values), values.length);
    }
}
