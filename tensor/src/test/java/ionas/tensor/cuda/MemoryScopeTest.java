package ionas.tensor.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.Device;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MemoryScope} on the emulated cuda:0: what a scope returns, what it keeps, and misuse. */
class MemoryScopeTest {
    private static final Device CUDA = Device.cuda(0);
    private CachingAllocator allocator;

    @BeforeEach
    void emulatedDevice() {
        allocator = EmulatedCuda.register().context().allocator();
    }

    @AfterEach
    void unregister() {
        EmulatedCuda.unregister();
    }

    private long inUse() {
        return allocator.stats().inUse();
    }

    @Test
    void closingReturnsEveryStorageTheScopeMadeAndKeepsWhatItWasTold() {
        NDArray x = NDArray.of(new float[] {1, 2, 3}, 3).to(CUDA); // outside: the collector's
        long before = inUse();
        NDArray kept;
        try (MemoryScope scope = MemoryScope.open()) {
            NDArray y = x.mul(2).add(1); // mul's and add's storages (and the scalars', where they are arrays)
            kept = y.exp();
            int made = scope.size();
            assertTrue(made >= 3, made + " storages");
            scope.keep(kept);
            assertEquals(made - 1, scope.size());
        }
        assertEquals(before + CachingAllocator.roundUp(3 * Float.BYTES), inUse(), "only the kept array is still in use");
        assertArrayEquals(new float[] {(float) Math.exp(3), (float) Math.exp(5), (float) Math.exp(7)}, kept.toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray());
    }

    @Test
    void anArrayUsedAfterItsScopeClosedFailsLoudly() {
        NDArray x = NDArray.of(new float[] {1, 2}, 2).to(CUDA);
        NDArray forgotten;
        try (MemoryScope scope = MemoryScope.open()) {
            forgotten = x.neg();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, forgotten::toFloatArray);
        assertEquals("this CUDA storage has been closed", e.getMessage());
    }

    @Test
    void whatAnInnerScopeKeepsBelongsToTheOuterOne() {
        NDArray x = NDArray.of(new float[] {1, 2}, 2).to(CUDA);
        long before = inUse();
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                inner.keep(x.neg());
                x.abs(); // dropped by the inner scope
            }
            assertEquals(1, outer.size());
            assertEquals(before + CachingAllocator.SMALL_STEP, inUse());
        }
        assertEquals(before, inUse());
    }

    @Test
    void outsideAllocatesForNoScope() {
        NDArray x = NDArray.of(new float[] {1, 2}, 2).to(CUDA);
        NDArray lasting;
        try (MemoryScope scope = MemoryScope.open()) {
            lasting = MemoryScope.outside(x::neg);
            assertEquals(0, scope.size());
        }
        assertArrayEquals(new float[] {-1, -2}, lasting.toFloatArray());
    }

    @Test
    void scopesCloseInnermostFirst() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }
}
