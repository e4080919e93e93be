package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.Device;
import org.junit.jupiter.api.Test;

/** The per-device context. Skipped without a GPU, except the test of what happens then. */
class CudaContextTest {
    private static final CudaDevice.Availability GPU = CudaDevice.probe();

    @Test
    void withoutAGpuGetExplainsWhy() {
        assumeFalse(GPU.available(), "a GPU is present: nothing to explain");
        IllegalStateException e = assertThrows(IllegalStateException.class, CudaContext::get);
        assertEquals("CUDA is not available: " + GPU.reason(), e.getMessage());
    }

    @Test
    void oneContextPerDevice() {
        assumeTrue(GPU.available(), GPU.reason());
        CudaContext c = CudaContext.get();
        assertSame(c, CudaContext.get(0));
        assertEquals(Device.cuda(0), c.device());
        c.synchronize();
        assertThrows(IllegalStateException.class, () -> CudaContext.get(1 << 20));
    }

    @Test
    void driverMemoryReportsTheDevice() {
        assumeTrue(GPU.available(), GPU.reason());
        CudaContext c = CudaContext.get();
        CachingAllocator.Stats before = c.allocator().stats();
        long p = c.allocator().allocate(1 << 20);
        assertTrue(p != 0);
        c.allocator().free(p);
        assertEquals(before.inUse(), c.allocator().stats().inUse());
        c.allocator().emptyCache();
        assertEquals(0, c.allocator().stats().cached());
    }
}
