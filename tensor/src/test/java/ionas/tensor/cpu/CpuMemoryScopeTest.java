package ionas.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** A MemoryScope on the CPU: released arrays are reused, zeroed where promised, and never read stale. */
class CpuMemoryScopeTest {
    private static float[] data(NDArray a) {
        return ((CpuStorage) a.storage()).floats();
    }

    @Test
    void theNextScopeReusesTheArraysOfTheLastAndZeroesThem() {
        float[] first;
        try (MemoryScope step = MemoryScope.open()) {
            NDArray a = NDArray.of(new float[] {1, 2, 3, 4, 5, 6, 7}, 7).add(1); // an op's output: pooled
            first = data(a);
            assertEquals(8f, first[6]);
        }
        try (MemoryScope step = MemoryScope.open()) {
            NDArray z = NDArray.zeros(7);
            assertSame(first, data(z), "the released array of the same size is reused");
            assertArrayEquals(new float[7], data(z), "and zeroed, as zeros promises");
        }
    }

    @Test
    void anArrayUsedAfterItsScopeClosedFailsLoudly() {
        NDArray escaped;
        try (MemoryScope step = MemoryScope.open()) {
            escaped = NDArray.of(new float[] {1, 2, 3}, 3).mul(2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, escaped::toFloatArray);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void keptArraysSurviveAndAreNotReused() {
        NDArray kept;
        try (MemoryScope step = MemoryScope.open()) {
            kept = NDArray.of(new float[] {1, 2, 3, 4, 5}, 5).add(1);
            step.keep(kept);
        }
        try (MemoryScope step = MemoryScope.open()) {
            assertNotSame(data(kept), data(NDArray.zeros(5)));
        }
        assertArrayEquals(new float[] {2, 3, 4, 5, 6}, kept.toFloatArray());
    }

    @Test
    void aCallersOwnArrayIsNeverTakenIntoThePool() {
        float[] mine = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        try (MemoryScope step = MemoryScope.open()) {
            NDArray.of(mine, 11).add(1);
        }
        try (MemoryScope step = MemoryScope.open()) {
            assertNotSame(mine, data(NDArray.zeros(11)));
        }
        assertEquals(11f, mine[10], "the caller's array is untouched");
    }

    @Test
    void arraysMadeOutsideAnyScopeBelongToNoScope() {
        NDArray a = NDArray.of(new float[] {1, 2, 3}, 3).add(1);
        try (MemoryScope step = MemoryScope.open()) {
            assertEquals(0, step.size());
            NDArray.zeros(3);
            assertEquals(1, step.size());
        }
        assertArrayEquals(new float[] {2, 3, 4}, a.toFloatArray(), "untouched by the scope's close");
    }
}
