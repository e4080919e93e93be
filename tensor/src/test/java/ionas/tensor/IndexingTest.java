package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** cat, stack, split, index-select, gather and scatter-add, on every device. */
class IndexingTest {
    private static NDArray range(int... shape) {
        return NDArray.arange(Shapes.numel(shape)).reshape(shape);
    }

    private static NDArray range(TestDevice d, int... shape) {
        return d.put(range(shape));
    }

    @OnEachDevice
    void catStackSplitRoundTrip(TestDevice d) {
        NDArray a = range(d, 2, 3), b = range(d, 2, 2).add(100);
        NDArray c = NDArray.cat(List.of(a, b), 1);
        assertArrayEquals(new float[] {0, 1, 2, 100, 101, 3, 4, 5, 102, 103}, c.toFloatArray());
        List<NDArray> parts = c.split(new int[] {3, 2}, 1);
        assertArrayEquals(a.toFloatArray(), parts.get(0).toFloatArray());
        assertArrayEquals(b.toFloatArray(), parts.get(1).toFloatArray());
        NDArray s = NDArray.stack(List.of(a, a.mul(2)), 1);
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertEquals(8, s.get(1, 1, 1), 0);
        var err = assertThrows(IllegalArgumentException.class, () -> NDArray.cat(List.of(a, range(d, 3, 3)), 1));
        assertTrue(err.getMessage().contains("[2, 3]") && err.getMessage().contains("[3, 3]"), err.getMessage());
    }

    @OnEachDevice
    void indexSelectPicksRows(TestDevice d) {
        NDArray x = range(d, 4, 3);
        NDArray idx = d.put(NDArray.of(new float[] {3, 0, 3}, 3));
        assertArrayEquals(new float[] {9, 10, 11, 0, 1, 2, 9, 10, 11}, x.indexSelect(0, idx).toFloatArray());
        assertArrayEquals(new float[] {2, 0, 2, 5, 3, 5, 8, 6, 8, 11, 9, 11},
                x.indexSelect(1, d.put(NDArray.of(new float[] {2, 0, 2}, 3))).toFloatArray());
    }

    @OnEachDevice
    void gatherAndScatterAddAreAdjoint(TestDevice d) {
        NDArray x = range(d, 2, 4);
        NDArray idx = d.put(NDArray.of(new float[] {3, 3, 0, 1, 2, 0}, 2, 3));
        NDArray g = x.gather(1, idx);
        assertArrayEquals(new float[] {3, 3, 0, 5, 6, 4}, g.toFloatArray());
        NDArray src = d.put(NDArray.ones(2, 3));
        NDArray s = NDArray.scatterAdd(new int[] {2, 4}, 1, idx, src);
        assertArrayEquals(new float[] {1, 0, 0, 2, 1, 1, 1, 0}, s.toFloatArray());
        // <gather(x), src> == <x, scatterAdd(src)>
        assertEquals(g.mul(src).sum().item(), x.mul(s).sum().item(), 1e-6);
    }

    @Test
    void badIndicesAreReported() {
        NDArray x = range(2, 4);
        var err = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, NDArray.of(new float[] {4}, 1, 1).expand(2, 1)));
        assertTrue(err.getMessage().contains("[0, 4)"), err.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, NDArray.of(new float[] {0.5f}, 1)));
        var shape = assertThrows(IllegalArgumentException.class, () -> x.gather(1, NDArray.zeros(3, 1)));
        assertTrue(shape.getMessage().startsWith("gather"), shape.getMessage());
    }

    /** Long enough that the CPU checks the indices in parallel chunks: a bad one in the last chunk is still reported. */
    @Test
    void badIndicesInLongIndexArraysAreReported() {
        NDArray x = range(3, 2);
        float[] idx = new float[100_000];
        for (int i = 0; i < idx.length; i++) idx[i] = i % 3;
        NDArray rows = x.indexSelect(0, NDArray.of(idx, idx.length));
        assertArrayEquals(new int[] {100_000, 2}, rows.shape());
        assertEquals(x.get(99_999 % 3, 1), rows.get(99_999, 1));
        for (float bad : new float[] {3, -1, 2.5f, Float.NaN}) {
            idx[99_999] = bad;
            var err = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, NDArray.of(idx, idx.length)));
            assertTrue(err.getMessage().contains(": index " + (double) bad + " is not a whole number in [0, 3)"), err.getMessage());
        }
    }
}
