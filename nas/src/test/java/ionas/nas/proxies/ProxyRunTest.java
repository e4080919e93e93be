package ionas.nas.proxies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ionas.nas.nb101.CellSpec;
import ionas.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxyRunTest {
    /** A proxy that runs out of heap, as GraSP does at NAS-Bench-101's size on a small JVM. */
    private static final ZeroCostProxy EXHAUSTED = new ZeroCostProxy() {
        @Override
        public String name() {
            return "grasp";
        }

        @Override
        public double score(ProxyInput input) {
            throw new OutOfMemoryError("Java heap space");
        }
    };

    @Test
    void runningOutOfHeapSaysWhatToChange() {
        ProxySettings settings = new ProxySettings(16, 2, 0);
        ProxyBatch batch = new ProxyBatch(NDArray.zeros(2, 3, 32, 32), NDArray.of(new float[] {1, 2}, 2));
        CellSpec cell = CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output");
        ProxyRun run = new ProxyRun(settings, List.of(EXHAUSTED), batch);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.score(new ProxyRun.Job("abc", cell)));
        String heap = String.format(java.util.Locale.ROOT, "%.1f", Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        assertEquals("grasp on cell abc needs more than the Java heap's " + heap + " GiB at stem 16, batch 2: lower --batch or --stem,"
                + " or raise the heap (IONAS_JAVA_OPTS=-Xmx24g ./ionas proxies ...)", e.getMessage());
        assertInstanceOf(OutOfMemoryError.class, e.getCause());
    }
}
