package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.kernels.cuda.PtxModules;
import ionas.tensor.cuda.driver.Kernel;
import ionas.tensor.cuda.driver.KernelArgs;
import ionas.tensor.cuda.driver.RecordingDeviceDriver;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a launch packs its arguments ({@link KernelArgs}) and the rules of {@link CudaLaunch}'s
 * per-thread launch: arguments laid out as {@code cuLaunchKernel} reads them, nothing allocated per
 * launch, and every misuse (a launch nested in another's arguments, a launch handed to another
 * thread, too many arguments) refused rather than launched with wrong arguments. Over the recording
 * driver, which checks each launch against the kernel's PTX where the build has it.
 */
class CudaLaunchTest {
    private static final Kernel FILL = new Kernel("elementwise", "fill_f32");
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final RecordingDeviceDriver driver = new RecordingDeviceDriver();
    private final CudaLaunch launch = CudaBackend.over(driver).context().launcher();

    @Test
    void argumentsAreLaidOutAsCuLaunchKernelReadsThem() {
        KernelArgs a = new KernelArgs().i32(7).ptr(0x7f12_3456_7800L).f32(1.5f).struct(new int[] {1, -2, 3}).f64(-0.25)
                .struct(new byte[] {9, 8, 7, 6, 5}).i64(-1);
        assertEquals(7, a.count());
        int[] sizes = {4, 8, 4, 12, 8, 5, 8};
        for (int i = 0; i < sizes.length; i++) assertEquals(sizes[i], a.size(i), "size of argument " + i);
        assertEquals(7, a.bytes(0).get(I32, 0));
        assertEquals(0x7f12_3456_7800L, a.bytes(1).get(ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
        assertEquals(0x00, a.bytes(1).get(ValueLayout.JAVA_BYTE, 0), "little-endian: the low byte first");
        assertEquals(1.5f, a.bytes(2).get(ValueLayout.JAVA_FLOAT.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
        assertEquals(-2, a.bytes(3).get(I32, 4));
        assertEquals(-0.25, a.bytes(4).get(ValueLayout.JAVA_DOUBLE.withOrder(ByteOrder.LITTLE_ENDIAN), 0));
        assertEquals(5, a.bytes(5).get(ValueLayout.JAVA_BYTE, 4));
        // the table is kernelParams: entry i is argument i's address; and the sizes table agrees
        for (int i = 0; i < a.count(); i++) {
            long address = a.table().getAtIndex(ValueLayout.JAVA_LONG, i);
            assertEquals(a.bytes(i).address(), address);
            assertEquals(0, address % (i == 3 || i == 5 ? 16 : 8), "argument " + i + " is aligned");
            assertEquals(sizes[i], a.sizes().getAtIndex(ValueLayout.JAVA_LONG, i));
        }
        assertEquals(null, a.mismatch(sizes));
        assertEquals("7 arguments passed, the kernel takes 2", a.mismatch(new int[] {4, 8}));
        assertEquals("argument 1 has 8 bytes, the kernel's parameter 4", a.mismatch(new int[] {4, 4, 4, 12, 8, 5, 8}));
        // cleared, the list is rewritten from the start
        a.clear().i32(1);
        assertEquals(1, a.count());
        assertThrows(IndexOutOfBoundsException.class, () -> a.size(1));
    }

    @Test
    void argumentListsBeyondCudasLimitsAreRefused() {
        KernelArgs a = new KernelArgs();
        for (int i = 0; i < KernelArgs.MAX_ARGS; i++) a.i32(i);
        assertThrows(IllegalStateException.class, () -> a.i32(0));
        var big = assertThrows(IllegalStateException.class, () -> new KernelArgs().struct(new byte[KernelArgs.VALUE_BYTES + 1]));
        assertTrue(big.getMessage().contains("parameter space"), big.getMessage());
    }

    @Test
    void aLaunchReachesTheDriverWithItsArguments() {
        long p = driver.memory().allocate(64);
        launch.kernel(FILL, 1, 32).ptr(p).f32(1).i32(16).launch();
        assertEquals(Map.of("elementwise.fill_f32", 1L), driver.counts().launchesByKernel());
        // the same handle every time: the driver was asked once
        assertSame(launch.handle(FILL), launch.handle(new Kernel("elementwise", "fill_f32")));
        if (!PtxModules.available().isEmpty()) { // the build has the PTX, so the recording driver checks launches against it
            // an argument list that does not fit the kernel's parameters is refused
            assertThrows(IllegalStateException.class, () -> launch.kernel(FILL, 1, 32).ptr(p).f32(1).launch());
            assertEquals(1, driver.counts().launches());
            var block = assertThrows(IllegalStateException.class, () -> launch.kernel(new Kernel("gemm", "sgemm_f32"), 1, 512));
            assertTrue(block.getMessage().startsWith("gemm.sgemm_f32: a block of 512 threads is over the kernel's limit of 256"),
                    block.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> launch.kernel(FILL, 1, 65536, 1, 32, 1));
    }

    @Test
    void aLaunchNestedInAnotherOnesArgumentsThrowsInsteadOfMixingThem() {
        long p = driver.memory().allocate(64);
        CudaLaunch.Pending outer = launch.kernel(FILL, 1, 32).ptr(p);
        // as if the next argument's expression launched a kernel (a contiguous copy, say)
        launch.kernel(FILL, 1, 32).ptr(p).f32(2).i32(16).launch();
        var e = assertThrows(IllegalStateException.class, () -> outer.f32(1));
        assertTrue(e.getMessage().contains("another launch started and ended while this one's arguments were being written"),
                e.getMessage());
        assertThrows(IllegalStateException.class, outer::launch);
        assertEquals(1, driver.counts().launches(), "only the inner launch ran");
    }

    @Test
    void launchingTwiceThrows() {
        long p = driver.memory().allocate(64);
        CudaLaunch.Pending fill = launch.kernel(FILL, 1, 32).ptr(p).f32(1).i32(16);
        fill.launch();
        assertThrows(IllegalStateException.class, fill::launch);
        assertEquals(1, driver.counts().launches());
    }

    @Test
    void aLaunchAbandonedHalfWrittenIsDiscardedByTheNext() {
        long p = driver.memory().allocate(64);
        assertThrows(ArithmeticException.class, () -> launch.kernel(FILL, 1, 32).ptr(p).i32(Math.divideExact(1, 0)));
        // 3 arguments, not 4: the recording driver compares them with the kernel's PTX (where the build has it)
        launch.kernel(FILL, 1, 32).ptr(p).f32(1).i32(16).launch();
        assertEquals(1, driver.counts().launches());
    }

    @Test
    void aPendingLaunchIsConfinedToItsThread() throws InterruptedException {
        long p = driver.memory().allocate(64);
        CudaLaunch.Pending mine = launch.kernel(FILL, 1, 32).ptr(p);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<CudaLaunch.Pending> theirs = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                mine.f32(1);
            } catch (Throwable t) {
                thrown.set(t);
            }
            // the other thread's own launch is a different one, and does not disturb this thread's
            theirs.set(launch.kernel(FILL, 1, 32).ptr(p).f32(3));
            theirs.get().i32(16).launch();
        }, "other");
        other.start();
        other.join();
        assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("used on thread other"), thrown.get().getMessage());
        assertTrue(theirs.get() != mine);
        mine.f32(1).i32(16).launch();
        assertEquals(2, driver.counts().launches());
    }

    /**
     * The Java side of a launch allocates nothing (issue 14): measured with the JVM's per-thread
     * allocation counter over many launches, after warming up.
     */
    @Test
    void aLaunchAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long p = driver.memory().allocate(1 << 14);
        int launches = 20_000;
        fill(p, launches); // warm-up
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        fill(p, launches);
        long bytes = threads.getThreadAllocatedBytes(id) - before;
        // allow a stray allocation or two of the JVM's own (the counter call itself), not one per launch
        assertTrue(bytes < launches, bytes + " bytes allocated by " + launches + " launches");
    }

    /** {@code launches} launches of fill_f32 over 4,096 floats at {@code p}. */
    private void fill(long p, int launches) {
        int n = 4096;
        for (int i = 0; i < launches; i++)
            launch.kernel(FILL, CudaLaunch.blocks(n, CudaLaunch.BLOCK), CudaLaunch.BLOCK).ptr(p).f32(i).i32(n).launch();
    }
}
