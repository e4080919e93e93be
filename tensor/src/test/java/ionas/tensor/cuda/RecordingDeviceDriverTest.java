package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ionas.kernels.cuda.PtxEntry;
import ionas.kernels.cuda.PtxModules;
import ionas.tensor.Backends;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.DeviceMemory;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.KernelHandle;
import ionas.tensor.cuda.driver.MemInfo;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recording driver behind the step profile (benchmarks/gpu/step-profile.sh): a known op
 * sequence on its cuda:0 gives exact launch, synchronisation and allocation counts, its addresses
 * are never reused, and it refuses what a GPU would refuse, so that the profile's figures cannot
 * drift unnoticed.
 */
class RecordingDeviceDriverTest {
    private static final Device CUDA = Device.cuda(0);

    private RecordingDeviceDriver driver;
    private CudaBackend backend;

    @BeforeEach
    void register() {
        driver = new RecordingDeviceDriver();
        backend = CudaBackend.over(driver);
        Backends.registerCuda(backend);
    }

    @AfterEach
    void unregister() {
        Backends.registerCuda(null);
    }

    @Test
    void aKnownOpSequenceGivesExactCounts() {
        RecordingDeviceDriver.Counts start = driver.counts();
        NDArray x = NDArray.of(new float[] {1, 2, 3, 4}, 4).to(CUDA);
        RecordingDeviceDriver.Counts upload = driver.counts().minus(start);
        assertEquals(0, upload.launches());
        assertEquals(1, upload.uploads());
        assertEquals(1, upload.syncs(), "an upload waits for the stream");
        assertEquals(1, upload.driverAllocations());
        assertEquals(CachingAllocator.SMALL_STEP, upload.driverBytes(), "4 floats take the smallest size class");

        RecordingDeviceDriver.Counts before = driver.counts();
        NDArray y = x.add(x);
        RecordingDeviceDriver.Counts add = driver.counts().minus(before);
        assertEquals(1, add.launches());
        assertEquals(Map.of("elementwise.binary_f32", 1L), add.launchesByKernel());
        assertEquals(0, add.syncs(), "an op only queues work");
        assertEquals(1, add.driverAllocations(), "its output, from the driver: the cache is empty");

        before = driver.counts();
        assertArrayEquals(new float[4], y.toFloatArray(), "a download gives zeros: nothing computed them");
        RecordingDeviceDriver.Counts read = driver.counts().minus(before);
        assertEquals(1, read.downloads());
        assertEquals(1, read.syncs());
        assertEquals(0, read.launches());

        // the output's block goes back to the cache; the next add of the same size takes it, no driver call
        ((CudaStorage) y.storage()).close();
        before = driver.counts();
        x.add(x);
        RecordingDeviceDriver.Counts again = driver.counts().minus(before);
        assertEquals(1, again.launches());
        assertEquals(0, again.driverAllocations());
        CachingAllocator.Stats stats = backend.context().allocator().stats();
        assertEquals(1, stats.cacheHits());
        assertEquals(2 * CachingAllocator.SMALL_STEP, stats.peakInUse());

        // a zero-filled allocation is a memset, a contiguous copy a device-to-device copy: stream operations, not kernels
        before = driver.counts();
        NDArray zeros = NDArray.zeros(DType.FLOAT32, CUDA, 4);
        backend.copyInto(zeros, x);
        RecordingDeviceDriver.Counts memsetAndCopy = driver.counts().minus(before);
        assertEquals(0, memsetAndCopy.launches());
        assertEquals(1, memsetAndCopy.memsets());
        assertEquals(1, memsetAndCopy.copies());
        assertEquals(2, memsetAndCopy.streamOperations(), memsetAndCopy.toString());

        before = driver.counts();
        backend.context().synchronize();
        assertEquals(1, driver.counts().minus(before).synchronizes());
        assertEquals(3, driver.counts().syncs(), "upload, download, synchronize");
    }

    @Test
    void resetPeakStartsTheNextPeakFromWhatIsInUse() {
        CachingAllocator allocator = backend.context().allocator();
        NDArray x = NDArray.of(new float[1000], 1000).to(CUDA); // 4,000 B: a 4,096 B block
        ((CudaStorage) x.add(x).storage()).close();
        assertEquals(2 * 4096, allocator.stats().peakInUse());
        allocator.resetPeak();
        assertEquals(4096, allocator.stats().peakInUse());
    }

    @Test
    void addressesAreDistinctAlignedAndNeverReused() {
        DeviceMemory memory = driver.memory();
        long a = memory.allocate(100), b = memory.allocate(100);
        memory.free(a);
        long c = memory.allocate(100);
        assertNotEquals(a, b);
        assertNotEquals(a, c, "a freed address is not handed out again");
        assertNotEquals(b, c);
        for (long p : new long[] {a, b, c}) assertEquals(0, p % 512, "512-byte aligned");
        RecordingDeviceDriver.Counts counts = driver.counts();
        assertEquals(3, counts.driverAllocations());
        assertEquals(1, counts.driverFrees());
        assertEquals(200, counts.driverBytes());
        assertThrows(IllegalArgumentException.class, () -> memory.free(a), "freed twice");
        assertThrows(IllegalStateException.class, () -> driver.memsetD32(a, 0, 1), "a memset of a freed block");
        assertThrows(IllegalStateException.class, () -> driver.download(b, new float[26]), "past the end of the block");
    }

    @Test
    void refusesPastItsMemoryAsAFullDeviceDoes() {
        RecordingDeviceDriver small = new RecordingDeviceDriver(1 << 20);
        long p = small.memory().allocate(1 << 19);
        assertNotEquals(0, p);
        assertEquals(0, small.memory().allocate((1 << 19) + 1), "out of memory is 0, not an exception, as DeviceMemory says");
        assertEquals(new MemInfo(1 << 19, 1 << 20), small.memory().info());
    }

    @Test
    void launchesAreCheckedAgainstTheKernelsPtx() {
        assumeFalse(PtxModules.available().isEmpty(), "this build has no PTX (no nvcc): launches are counted unchecked");
        // fill_f32(float* out, float value, int n)
        KernelHandle fill = driver.function(new Kernel("elementwise", "fill_f32"));
        var tooFew = assertThrows(IllegalStateException.class,
                () -> driver.launch(fill, 1, 1, 1, 32, 1, new KernelArgs().ptr(0).f32(1)));
        assertTrue(tooFew.getMessage().contains("2 arguments passed, the kernel takes 3"), tooFew.getMessage());
        var wide = assertThrows(IllegalStateException.class,
                () -> driver.launch(fill, 1, 1, 1, 32, 1, new KernelArgs().ptr(0).f32(1).i64(0)));
        assertTrue(wide.getMessage().contains("argument 2 has 8 bytes, the kernel's parameter 4"), wide.getMessage());
        assertEquals(256, driver.function(new Kernel("gemm", "sgemm_f32")).maxThreadsPerBlock(), "its __launch_bounds__");
        assertThrows(IllegalStateException.class, () -> driver.function(new Kernel("gemm", "no_such_kernel")));
        assertEquals(0, driver.counts().launches(), "a refused launch is not counted");
    }

    @Test
    void ptxEntriesGiveParameterSizesAndLaunchBounds() {
        String ptx = """
                .visible .entry binary_strided_f32(
                	.param .align 8 .b8 binary_strided_f32_param_0[296],
                	.param .u64 binary_strided_f32_param_1,
                	.param .f32 binary_strided_f32_param_2,
                	.param .u32 binary_strided_f32_param_3
                )
                {
                	ret;
                }
                .visible .entry sgemm_f32(
                	.param .u64 sgemm_f32_param_0
                )
                .maxntid 128, 2, 1
                {
                	ret;
                }
                """;
        Map<String, PtxEntry> entries = PtxEntry.parse(ptx);
        assertArrayEquals(new int[] {296, 8, 4, 4}, entries.get("binary_strided_f32").paramBytes());
        assertEquals(PtxEntry.HARDWARE_MAX_THREADS, entries.get("binary_strided_f32").maxThreads());
        assertEquals(null, entries.get("binary_strided_f32").launchBound());
        assertEquals(256, entries.get("sgemm_f32").maxThreads());
    }

    /**
     * The multi-tensor updates: the first SGD step over 300 parameters writes its device table
     * (mt_table_build, 4 launches of 96 entries) and launches sgd_multi_f32 once; the next steps,
     * with fresh gradients, launch sgd_multi_f32 once and nothing else, with no upload or
     * synchronisation. Adam and clipping likewise: one launch per step each, nothing read back.
     */
    @Test
    void multiTensorUpdatesLaunchOnceAStepAndNeverSynchronise() {
        int n = 300;
        List<NDArray> w = new ArrayList<>(), v = new ArrayList<>(), m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int size = i == 7 ? 40_000 : 1 + i % 50;
            w.add(NDArray.zeros(DType.FLOAT32, CUDA, size));
            v.add(NDArray.zeros(DType.FLOAT32, CUDA, size));
            m.add(NDArray.zeros(DType.FLOAT32, CUDA, size));
        }
        boolean[] first = new boolean[n];
        float[] c2 = new float[n], stepSize = new float[n];
        for (int step = 0; step < 3; step++) {
            List<NDArray> g = new ArrayList<>();
            for (NDArray wi : w) g.add(NDArray.zeros(DType.FLOAT32, CUDA, wi.shape()));
            RecordingDeviceDriver.Counts before = driver.counts();
            backend.sgdSteps(w, g, v, first, 0.1f, 0.9f, 0f);
            RecordingDeviceDriver.Counts sgd = driver.counts().minus(before);
            assertEquals(step == 0 ? Map.of("optim.mt_table_build", 4L, "optim.sgd_multi_f32", 1L) : Map.of("optim.sgd_multi_f32", 1L),
                    sgd.launchesByKernel(), "SGD step " + step);
            assertEquals(0, sgd.syncs(), "SGD step " + step);

            before = driver.counts();
            backend.adamSteps(w, g, m, v, 0.9f, 0.1f, 0.999f, 0.001f, 1e-8f, 0f, c2, stepSize);
            RecordingDeviceDriver.Counts adam = driver.counts().minus(before);
            // 300 parameters are two groups of at most 224, each its own table
            assertEquals(step == 0 ? Map.of("optim.mt_table_build", 4L, "optim.adam_multi_f32", 2L) : Map.of("optim.adam_multi_f32", 2L),
                    adam.launchesByKernel(), "Adam step " + step);
            assertEquals(0, adam.syncs(), "Adam step " + step);

            before = driver.counts();
            NDArray[] clipped = backend.clipGradNorm(g.subList(0, 42), 5.0);
            RecordingDeviceDriver.Counts clip = driver.counts().minus(before);
            assertEquals(Map.of("optim.grad_sumsq_multi_f32", 1L, "optim.clip_scale_multi_f32", 1L), clip.launchesByKernel(), "clip");
            assertEquals(0, clip.syncs() + clip.memsets() + clip.copies(), "clipping reads nothing back");
            assertEquals(43, clipped.length);
            assertEquals(0, clipped[0].dim(), "the norm is a 0-d array");
            assertEquals(CUDA, clipped[0].device(), "the norm stays on the device");
        }
    }
}
