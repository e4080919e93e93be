package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.DType;
import ionas.tensor.Device;
import org.junit.jupiter.api.Test;

/** CudaStorage's bookkeeping over a fake device: close, the Cleaner, no GPU needed. */
class CudaStorageCleanupTest {
    private final FakeDeviceMemory dev = new FakeDeviceMemory(1L << 30);
    private final CachingAllocator allocator = new CachingAllocator(dev);

    @Test
    void describesItself() {
        try (CudaStorage s = new CudaStorage(Device.cuda(0), allocator, 1000)) {
            assertEquals(Device.cuda(0), s.device());
            assertEquals(DType.FLOAT32, s.dtype());
            assertEquals(1000, s.size());
            assertEquals(4096, allocator.sizeOf(s.pointer())); // 4000 bytes, in the 4096 B class
        }
    }

    @Test
    void closeReturnsTheBlockOnceAndForbidsFurtherUse() {
        CudaStorage s = new CudaStorage(Device.cuda(0), allocator, 10);
        long p = s.pointer();
        s.close();
        s.close(); // idempotent: the allocator would reject a second free
        assertEquals(0, allocator.stats().inUse());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::pointer);
        assertEquals("this CUDA storage has been closed", e.getMessage());
        try (CudaStorage t = new CudaStorage(Device.cuda(0), allocator, 10)) {
            assertEquals(p, t.pointer()); // the block was reused
        }
        assertEquals(0, dev.freeCalls);
    }

    @Test
    void anUnreachableStorageGivesItsBlockBack() throws InterruptedException {
        for (int i = 0; i < 100; i++) new CudaStorage(Device.cuda(0), allocator, 256);
        // the Cleaner runs after a collection found them dead: give it a few seconds
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (allocator.stats().inUse() > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(0, allocator.stats().inUse(), allocator.stats().toString());
        // blocks freed early may have served later storages, so count what the driver handed out
        assertEquals(allocator.stats().driverAllocations() * 1024, allocator.stats().cached(), allocator.stats().toString());
    }

    @Test
    void rejectsCpuDevicesAndNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> new CudaStorage(Device.CPU, allocator, 1));
        assertThrows(IllegalArgumentException.class, () -> new CudaStorage(Device.cuda(0), allocator, -1));
        assertTrue(allocator.stats().inUse() == 0);
    }
}
