package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The kernel thread team: every task once, failures surfaced, nested and concurrent calls safe. */
class ParallelTest {
    /** Enough work per task that forRange always splits when there is more than one thread. */
    private static final long BIG = Long.MAX_VALUE / 2;

    @Test
    void everyTaskRunsExactlyOnceAcrossManyRegions() {
        for (int tasks : new int[] {1, 2, 3, 7, 64, 1001}) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                Parallel.forEach(tasks, BIG, runs::incrementAndGet);
                for (int i = 0; i < tasks; i++) assertEquals(1, runs.get(i), "task " + i + " of " + tasks);
            }
        }
    }

    @Test
    void chunksAreContiguousAndCoverTheRange() {
        List<int[]> chunks = java.util.Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(10, BIG, (from, to) -> chunks.add(new int[] {from, to}));
        chunks.sort(java.util.Comparator.comparingInt(c -> c[0]));
        assertEquals(Math.min(10, Parallel.threads()), chunks.size());
        int expected = 0;
        for (int[] c : chunks) {
            assertEquals(expected, c[0]);
            assertTrue(c[1] > c[0]);
            expected = c[1];
        }
        assertEquals(10, expected);
    }

    @Test
    void aFailingChunkFailsTheCallWithItsOwnException() {
        IllegalStateException thrown = new IllegalStateException("chunk failed");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> Parallel.forRange(8, BIG, (from, to) -> { if (to == 8) throw thrown; }));
        assertSame(thrown, caught);
        // The team is usable again afterwards.
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        Parallel.forEach(8, BIG, runs::incrementAndGet);
        for (int i = 0; i < 8; i++) assertEquals(1, runs.get(i));
    }

    @Test
    void nestedRegionsRunInline() {
        int outer = 4, inner = 16;
        AtomicIntegerArray runs = new AtomicIntegerArray(outer * inner);
        Parallel.forEach(outer, BIG, i -> Parallel.forEach(inner, BIG, j -> runs.incrementAndGet(i * inner + j)));
        for (int i = 0; i < outer * inner; i++) assertEquals(1, runs.get(i));
    }

    @Test
    void concurrentCallersEachGetTheirOwnResult() throws Exception {
        int callers = 4, tasks = 257;
        float[][] out = new float[callers][tasks];
        Set<Throwable> failures = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int round = 0; round < 300; round++)
                        Parallel.forEach(tasks, BIG, i -> out[id][i] += id + i);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertTrue(failures.isEmpty(), failures::toString);
        for (int t = 0; t < callers; t++) {
            float[] expected = new float[tasks];
            for (int i = 0; i < tasks; i++) expected[i] = 300f * (t + i);
            assertArrayEquals(expected, out[t], "caller " + t);
        }
    }
}
