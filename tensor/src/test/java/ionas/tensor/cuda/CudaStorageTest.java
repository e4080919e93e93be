package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ionas.kernels.cuda.CudaDevice;
import ionas.tensor.cuda.driver.PinnedBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device storages and transfers on a real GPU; every test is skipped without one. */
class CudaStorageTest {
    private static final CudaDevice.Availability GPU = CudaDevice.probe();

    @BeforeEach
    void needsGpu() {
        assumeTrue(GPU.available(), GPU.reason());
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    @Test
    void uploadDownloadRoundTripsBitExactly() {
        CudaContext c = CudaContext.get();
        for (int n : new int[] {0, 1, 1000, 100_003}) {
            float[] v = random(n, n);
            try (CudaStorage s = CudaStorage.of(c, v)) {
                assertEquals(n, s.size());
                assertArrayEquals(v, s.toFloatArray(c));
            }
        }
    }

    @Test
    void aTransferLargerThanThePinnedBufferGoesInChunks() {
        CudaContext c = CudaContext.get();
        int n = (int) (PinnedBuffer.MAX_BYTES / Float.BYTES) * 2 + 12_345; // two full chunks and a partial one
        float[] v = random(n, 7);
        try (CudaStorage s = CudaStorage.of(c, v)) {
            assertArrayEquals(v, s.toFloatArray(c));
        }
    }

    @Test
    void aClosedStoragesBlockServesTheNextOneWithoutTheDriver() {
        CudaContext c = CudaContext.get();
        CachingAllocator a = c.allocator();
        CudaStorage first = CudaStorage.allocate(c, 3000);
        long p = first.pointer();
        first.close();
        CachingAllocator.Stats before = a.stats();
        try (CudaStorage second = CudaStorage.allocate(c, 3000)) {
            assertEquals(p, second.pointer());
            CachingAllocator.Stats after = a.stats();
            assertEquals(before.driverAllocations(), after.driverAllocations());
            assertEquals(before.cacheHits() + 1, after.cacheHits());
            float[] v = random(3000, 3);
            c.driver().upload(v, second.pointer());
            assertArrayEquals(v, second.toFloatArray(c));
        }
    }

    @Test
    void aTooLargeRequestSaysHowMuchWasAskedHeldAndFree() {
        CudaContext c = CudaContext.get();
        long tooMuch = GPU.memoryBytes() * 2;
        OutOfDeviceMemory e = assertThrows(OutOfDeviceMemory.class, () -> c.allocator().allocate(tooMuch));
        String m = e.getMessage();
        assertTrue(m.startsWith("CUDA out of memory: tried to allocate " + ByteSizes.format(CachingAllocator.roundUp(tooMuch))
                + " (" + tooMuch + " bytes requested); ionas holds "), m);
        assertTrue(m.contains(" after giving the cache back and collecting unreachable tensors); the device reports "), m);
        assertTrue(m.endsWith(" free of " + ByteSizes.format(GPU.memoryBytes()) + " total"), m);
        // and the allocator still works afterwards
        try (CudaStorage s = CudaStorage.of(c, new float[] {1, 2, 3})) {
            assertArrayEquals(new float[] {1, 2, 3}, s.toFloatArray(c));
        }
    }
}
