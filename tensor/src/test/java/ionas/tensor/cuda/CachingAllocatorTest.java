package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ionas.tensor.Device;
import ionas.tensor.cuda.CachingAllocator.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The caching allocator over a fake device: no GPU needed. */
class CachingAllocatorTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    @Test
    void roundsToSizeClasses() {
        assertEquals(512, CachingAllocator.roundUp(0));
        assertEquals(512, CachingAllocator.roundUp(1));
        assertEquals(512, CachingAllocator.roundUp(512));
        assertEquals(1024, CachingAllocator.roundUp(513));
        assertEquals(MIB - 512, CachingAllocator.roundUp(MIB - 600));
        assertEquals(MIB, CachingAllocator.roundUp(MIB - 1)); // still 512 B steps: 1 MiB is a multiple of 512
        assertEquals(2 * MIB, CachingAllocator.roundUp(MIB)); // 2 MiB steps from 1 MiB on
        assertEquals(2 * MIB, CachingAllocator.roundUp(2 * MIB));
        assertEquals(4 * MIB, CachingAllocator.roundUp(2 * MIB + 1));
        assertEquals(8 * GIB, CachingAllocator.roundUp(8 * GIB - 5));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.roundUp(-1));
    }

    @Test
    void reusesAFreedBlockOfTheSameClassWithoutTheDriver() {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        long p = a.allocate(1000);
        a.free(p);
        long q = a.allocate(1024); // 1000 and 1024 are both the 1024 B class
        assertEquals(p, q);
        assertEquals(1, dev.allocateCalls);
        assertEquals(0, dev.freeCalls);
        assertEquals(new Stats(1024, 0, 1024, 1, 1, 0), a.stats());
    }

    @Test
    void doesNotReuseAcrossClasses() {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        long p = a.allocate(1000); // 1024 B class
        a.free(p);
        long q = a.allocate(1025); // 1536 B class
        assertNotEquals(p, q);
        assertEquals(2, dev.allocateCalls);
        assertEquals(new Stats(1536, 1024, 1536, 2, 0, 0), a.stats());
        long r = a.allocate(3 * MIB); // 4 MiB class
        a.free(r);
        long s = a.allocate(MIB); // 2 MiB class: the free 4 MiB block is not split
        assertNotEquals(r, s);
        assertEquals(3 + 1, dev.allocateCalls);
    }

    @Test
    void liveBlocksAreDistinctAndFreedBlocksComeBackLastInFirstOut() {
        CachingAllocator a = new CachingAllocator(new FakeDeviceMemory(GIB));
        long p = a.allocate(100);
        long q = a.allocate(100);
        assertNotEquals(p, q);
        a.free(p);
        a.free(q);
        assertEquals(q, a.allocate(100)); // the most recently freed: likeliest still in the GPU's L2
        assertEquals(p, a.allocate(100));
    }

    @Test
    void statsTrackInUseCachedAndPeak() {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        long p = a.allocate(3 * MIB); // 4 MiB
        long q = a.allocate(100); // 512 B
        assertEquals(new Stats(4 * MIB + 512, 0, 4 * MIB + 512, 2, 0, 0), a.stats());
        a.free(p);
        assertEquals(new Stats(512, 4 * MIB, 4 * MIB + 512, 2, 0, 0), a.stats());
        long r = a.allocate(4 * MIB);
        assertEquals(p, r);
        a.free(q);
        a.free(r);
        assertEquals(new Stats(0, 4 * MIB + 512, 4 * MIB + 512, 2, 1, 0), a.stats());
        assertEquals(4 * MIB + 512, dev.used()); // the cache still holds it all from the driver
        assertEquals(p, a.allocate(4 * MIB));
        assertEquals(4 * MIB + 512, a.stats().peakInUse()); // peak is a maximum, not the last value
    }

    @Test
    void emptyCacheReturnsOnlyCachedBlocksToTheDriver() {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        long keep = a.allocate(5000);
        a.free(a.allocate(5000));
        a.free(a.allocate(3 * MIB));
        a.free(a.allocate(600));
        a.emptyCache();
        assertEquals(3, dev.freeCalls);
        assertEquals(CachingAllocator.roundUp(5000), dev.used());
        Stats s = a.stats();
        assertEquals(0, s.cached());
        assertEquals(CachingAllocator.roundUp(5000), s.inUse());
        a.free(keep); // still a valid block after emptying
        a.emptyCache();
        assertEquals(0, dev.used());
        a.emptyCache(); // nothing left: no driver calls
        assertEquals(4, dev.freeCalls);
    }

    @Test
    void aFailedDriverAllocationEmptiesTheCacheAndRetriesOnce() {
        FakeDeviceMemory dev = new FakeDeviceMemory(8 * MIB);
        CachingAllocator a = new CachingAllocator(dev);
        a.free(a.allocate(3 * MIB)); // 4 MiB cached
        long kept = a.allocate(2 * MIB); // 2 MiB in use; the device has 2 MiB left
        long p = a.allocate(6 * MIB - 1); // 6 MiB: only fits once the cached 4 MiB go back
        assertNotEquals(0, p);
        assertEquals(1, dev.freeCalls);
        assertEquals(2 + 2, dev.allocateCalls); // the refused try and the retry
        assertEquals(new Stats(8 * MIB, 0, 8 * MIB, 3, 0, 0), a.stats());
        a.free(kept);
        a.free(p);
    }

    @Test
    void outOfMemoryAfterTheRetrySaysWhatWasAskedHeldAndFree() {
        FakeDeviceMemory dev = new FakeDeviceMemory(16 * MIB);
        CachingAllocator a = new CachingAllocator(dev);
        a.allocate(5 * MIB); // 6 MiB in use
        a.free(a.allocate(100)); // 512 B cached
        OutOfDeviceMemory e = assertThrows(OutOfDeviceMemory.class, () -> a.allocate(11 * MIB));
        assertEquals("CUDA out of memory: tried to allocate 12.00 MiB (" + 11 * MIB + " bytes requested); "
                + "ionas holds 6.00 MiB (6.00 MiB in use + 0 B cached, after giving the cache back and "
                + "collecting unreachable tensors); the device reports 10.00 MiB free of 16.00 MiB total", e.getMessage());
        assertEquals(11 * MIB, e.requested());
        assertEquals(6, dev.allocateCalls); // two blocks, then refused and retried before and after the collection
        assertEquals(1, dev.freeCalls); // the cached 512 B went back
        assertEquals(new Stats(6 * MIB, 0, 6 * MIB + 512, 2, 0, 1), a.stats()); // only the collection was counted
        assertNotEquals(0, a.allocate(1)); // and the allocator still works
    }

    @Test
    void aTransientDriverRefusalIsAbsorbedByTheRetry() {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        dev.failNext = 1;
        assertNotEquals(0, a.allocate(100));
        dev.failNext = 3; // the first try, the retry after emptying the cache, the first try after the collection
        assertNotEquals(0, a.allocate(100));
        dev.failNext = 4;
        assertThrows(OutOfDeviceMemory.class, () -> a.allocate(100));
    }

    @Test
    void theLastResortCollectsTheBlocksOfUnreachableTensors() {
        FakeDeviceMemory dev = new FakeDeviceMemory(16 * MIB);
        CachingAllocator a = new CachingAllocator(dev);
        leaveToTheCollector(a, 10 * MIB); // the device has 6 MiB left, and nothing closes the 10 MiB
        long p = a.allocate(10 * MIB); // fits only once the dead storage's Cleaner has run
        assertNotEquals(0, p);
        assertEquals(1, a.stats().collections());
        assertEquals(10 * MIB, a.stats().inUse());
    }

    /** A storage of {@code bytes} that becomes unreachable when this returns, without being closed. */
    private static void leaveToTheCollector(CachingAllocator a, long bytes) {
        new CudaStorage(Device.cuda(0), a, (int) (bytes / Float.BYTES));
    }

    @Test
    void freeingAnUnknownOrTwiceFreedBlockFails() {
        CachingAllocator a = new CachingAllocator(new FakeDeviceMemory(GIB));
        long p = a.allocate(10);
        a.free(p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.free(p));
        assertEquals("0x" + Long.toHexString(p)
                + " is not a block of this allocator in use (freed twice, or never allocated here)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.free(12345));
        assertThrows(IllegalArgumentException.class, () -> a.allocate(-1));
    }

    @Test
    void sizeOfGivesTheClass() {
        CachingAllocator a = new CachingAllocator(new FakeDeviceMemory(GIB));
        assertEquals(2 * MIB, a.sizeOf(a.allocate(MIB + 1)));
    }

    @Test
    void concurrentAllocateAndFreeKeepTheBooksBalanced() throws Exception {
        FakeDeviceMemory dev = new FakeDeviceMemory(GIB);
        CachingAllocator a = new CachingAllocator(dev);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        long p = a.allocate(((i * 7 + seed) % 5 + 1) * 700L);
                        a.free(p);
                    }
                }));
            }
            for (Future<?> j : jobs) j.get();
        }
        Stats s = a.stats();
        assertEquals(0, s.inUse());
        assertEquals(dev.used(), s.cached());
        assertEquals(16000, s.driverAllocations() + s.cacheHits());
        a.emptyCache();
        assertEquals(0, dev.used());
    }

    @Test
    void byteSizesReadWell() {
        assertEquals("0 B", ByteSizes.format(0));
        assertEquals("1023 B", ByteSizes.format(1023));
        assertEquals("1.00 KiB", ByteSizes.format(1024));
        assertEquals("1.50 MiB", ByteSizes.format(3 * MIB / 2));
        assertEquals("79.10 GiB", ByteSizes.format((long) (79.1 * GIB)));
    }
}
