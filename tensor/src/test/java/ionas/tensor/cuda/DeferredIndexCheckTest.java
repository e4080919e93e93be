package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.ReduceOp;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Index checks are deferred (see {@link IndexCheck}): gather, scatter-add and max-pool backward
 * queue their launch and return, a bad index throws at the next synchronisation (a download or
 * {@link CudaContext#synchronize()}) naming the op, the index and the bound, and a step of good
 * index ops waits for the device no more often than its own read-backs. On the emulated device,
 * counting the driver's calls; once with the emulator's mapped memory for the flag (as on a GPU)
 * and once without (the fallback: the flag in device memory, downloaded at a synchronisation when
 * a checking kernel ran since the last one).
 */
class DeferredIndexCheckTest {
    private static final PoolGeometry POOL = new PoolGeometry(2, 3, 8, 8, 2, 2, 2, 2, 0, 0);

    private CountingDriver driver;
    private CudaContext context;
    private Backend gpu;

    private void device(boolean mapped) {
        String emulator = EmulatedCuda.unavailableReason();
        assumeTrue(emulator == null, "no emulator: " + emulator);
        driver = new CountingDriver(new EmulatedDeviceDriver(CudaEmulatorLibrary.get()), mapped);
        context = new CudaContext(Device.cuda(0), driver);
        gpu = new CudaBackend(context);
    }

    private NDArray dev(float[] v, int... shape) {
        return new NDArray(gpu.fromArray(v), shape);
    }

    private NDArray randn(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return dev(v, n);
    }

    private float[] read(NDArray x) {
        return gpu.toFloatArray(x);
    }

    private void assertNames(IndexOutOfBoundsException e, String op, String index, int bound) {
        String m = e.getMessage();
        assertTrue(m.startsWith(op + ": index " + index + " is not a whole number in [0, " + bound + ")"), m);
    }

    @ParameterizedTest(name = "mapped flag: {0}")
    @ValueSource(booleans = {true, false})
    void aBadGatherIndexThrowsAtTheNextReadBackNamingTheOp(boolean mapped) {
        device(mapped);
        NDArray x = randn(1, 7), good = randn(2, 5);
        driver.reset();
        NDArray out = gpu.gather(x, 1, 7, 1, dev(new float[] {0, 7, 1}, 3), 3); // queued, no wait
        assertEquals(0, driver.syncs(), "the op itself must not wait for the device");
        var e = assertThrows(IndexOutOfBoundsException.class, () -> read(good)); // any read-back
        assertNames(e, "gather", "7.0", 7);
        // reported once: the flag is clear again, the next read-back is clean
        assertEquals(5, read(good).length);
        assertEquals(3, read(out).length);
    }

    @ParameterizedTest(name = "mapped flag: {0}")
    @ValueSource(booleans = {true, false})
    void aBadScatterAddIndexThrowsAtSynchronize(boolean mapped) {
        device(mapped);
        gpu.scatterAdd(randn(2, 3), 1, 3, 1, dev(new float[] {0, 1.5f, 1}, 3), 7);
        var e = assertThrows(IndexOutOfBoundsException.class, context::synchronize);
        assertNames(e, "scatterAdd", "1.5", 7);
        context.synchronize();
    }

    @ParameterizedTest(name = "mapped flag: {0}")
    @ValueSource(booleans = {true, false})
    void aBadMaxPoolArgmaxThrowsAtTheNextReadBack(boolean mapped) {
        device(mapped);
        float[] bad = new float[POOL.outputSize()];
        bad[5] = 64; // one past the 8 x 8 plane
        driver.reset();
        NDArray gx = gpu.maxPool2dBackward(randn(3, POOL.outputSize()), dev(bad, bad.length), POOL);
        assertEquals(0, driver.syncs());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> read(gx));
        assertNames(e, "maxPool2dBackward", "64.0", 64);
    }

    @ParameterizedTest(name = "mapped flag: {0}")
    @ValueSource(booleans = {true, false})
    void theFirstBadOpInStreamOrderIsTheOneReported(boolean mapped) {
        device(mapped);
        gpu.gather(randn(1, 7), 1, 7, 1, dev(new float[] {-1}, 1), 1);
        gpu.scatterAdd(randn(2, 3), 1, 3, 1, dev(new float[] {0, 9, 1}, 3), 7);
        var e = assertThrows(IndexOutOfBoundsException.class, context::synchronize);
        assertNames(e, "gather", "-1.0", 7);
    }

    /**
     * A step of good index ops (max-pool forward and backward, gather, scatter-add, argmax, a sum)
     * and one read-back of its "loss" waits for the device once: the read-back. With the flag in
     * mapped memory that is all; without it, the fallback's one small download more.
     */
    @ParameterizedTest(name = "mapped flag: {0}")
    @ValueSource(booleans = {true, false})
    void aGoodStepWaitsOnlyForItsOwnReadBack(boolean mapped) {
        device(mapped);
        NDArray x = randn(4, POOL.inputSize()), table = randn(5, 6 * 4);
        NDArray rows = dev(new float[] {5, 0, 2, 2, 1}, 5, 1), index = new NDArray(rows.storage(), new int[] {5, 4}, new int[] {1, 0}, 0);
        for (int step = 0; step < 2; step++) {
            driver.reset();
            NDArray[] pooled = gpu.maxPool2d(x, POOL);
            NDArray gx = gpu.maxPool2dBackward(pooled[0], pooled[1], POOL);
            NDArray picked = gpu.gather(new NDArray(table.storage(), 6, 4), 1, 6, 4, index, 5);
            NDArray back = gpu.scatterAdd(picked, 1, 5, 4, index, 6);
            NDArray am = gpu.argmax(back, 6, 4);
            NDArray loss = gpu.reduce(ReduceOp.SUM, gx, 1, gx.numel(), 1);
            int syncsBeforeReadBack = driver.syncs();
            float[] l = read(loss);
            assertEquals(0, syncsBeforeReadBack, "ops of the step waited for the device");
            assertEquals(mapped ? 1 : 2, driver.downloads(), "downloads of the step: " + driver.launches());
            assertEquals(0, driver.synchronizations());
            assertEquals(1, l.length);
            // the same values as the CPU
            Backend cpu = Backends.cpu();
            NDArray cx = NDArray.of(read(x), x.numel());
            NDArray[] cp = cpu.maxPool2d(cx, POOL);
            assertArrayEquals(cpu.maxPool2dBackward(cp[0], cp[1], POOL).toFloatArray(), read(gx));
            NDArray ci = new NDArray(NDArray.of(new float[] {5, 0, 2, 2, 1}, 5, 1).storage(), new int[] {5, 4}, new int[] {1, 0}, 0);
            NDArray cpicked = cpu.gather(NDArray.of(read(table), 6, 4), 1, 6, 4, ci, 5);
            assertArrayEquals(cpicked.toFloatArray(), read(picked));
            assertArrayEquals(cpu.argmax(cpu.scatterAdd(cpicked, 1, 5, 4, ci, 6), 6, 4).toFloatArray(), read(am));
        }
    }
}
