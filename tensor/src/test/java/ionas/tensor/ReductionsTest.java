package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** Reductions over any set of dimensions against plain loops, on every device. */
class ReductionsTest {
    private final NDArray x = NDArray.randn(new Generator(5), 3, 4, 5, 6);

    private double naive(int[] keep, boolean max) {
        // the reduction over all dims except those in keep, at keep index (0,...)
        double acc = max ? Double.NEGATIVE_INFINITY : 0;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 4; b++)
                for (int c = 0; c < 5; c++)
                    for (int d = 0; d < 6; d++) {
                        int[] idx = {a, b, c, d};
                        boolean in = true;
                        for (int k = 0; k < 4; k++) if (keep[k] >= 0 && idx[k] != keep[k]) in = false;
                        if (!in) continue;
                        double v = x.get(a, b, c, d);
                        acc = max ? Math.max(acc, v) : acc + v;
                    }
        return acc;
    }

    @OnEachDevice
    void sumOverNonAdjacentDimsLikeBatchNorm(TestDevice d) {
        NDArray s = d.put(x).sum(new int[] {0, 2, 3}, false); // per channel
        assertArrayEquals(new int[] {4}, s.shape());
        for (int ch = 0; ch < 4; ch++) assertEquals(naive(new int[] {-1, ch, -1, -1}, false), s.get(ch), 1e-4);
        NDArray k = d.put(x).sum(new int[] {0, 2, 3}, true);
        assertArrayEquals(new int[] {1, 4, 1, 1}, k.shape());
    }

    @OnEachDevice
    void sumAndMaxOverEverySingleDim(TestDevice d) {
        int[] shape = x.shape();
        NDArray on = d.put(x);
        for (int dim = 0; dim < 4; dim++) {
            NDArray s = on.sum(dim, true), m = on.amax(dim, true);
            for (int a = 0; a < (dim == 0 ? 1 : shape[0]); a++)
                for (int b = 0; b < (dim == 1 ? 1 : shape[1]); b++)
                    for (int c = 0; c < (dim == 2 ? 1 : shape[2]); c++)
                        for (int e = 0; e < (dim == 3 ? 1 : shape[3]); e++) {
                            int[] keep = {a, b, c, e};
                            keep[dim] = -1;
                            assertEquals(naive(keep, false), s.get(a, b, c, e), 1e-4, "sum over dim " + dim);
                            assertEquals(naive(keep, true), m.get(a, b, c, e), 0, "amax over dim " + dim);
                        }
        }
    }

    @OnEachDevice
    void meanVarAndNegativeDims(TestDevice d) {
        NDArray v = d.put(NDArray.of(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 4));
        assertArrayEquals(new float[] {2.5f, 25}, v.mean(-1, false).toFloatArray());
        assertArrayEquals(new float[] {1.25f, 125}, v.var(new int[] {1}, false, false).toFloatArray(), 1e-4f);
        assertArrayEquals(new float[] {5f / 3, 500f / 3}, v.var(new int[] {1}, true, false).toFloatArray(), 1e-3f);
        assertEquals(13.75, v.mean().item(), 1e-6);
        assertEquals(110, v.sum().item(), 0);
    }

    @OnEachDevice
    void argmaxTakesTheFirstMaximum(TestDevice d) {
        NDArray v = d.put(NDArray.of(new float[] {1, 5, 5, 0, 9, 2}, 2, 3));
        assertArrayEquals(new float[] {1, 1}, v.argmax(1, false).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0}, v.argmax(0, false).toFloatArray());
    }

    @OnEachDevice
    void softmaxRowsSumToOneAlongAnyDim(TestDevice d) {
        NDArray on = d.put(x);
        for (int dim = 0; dim < 4; dim++) {
            NDArray p = on.mul(20).softmax(dim);
            NDArray sums = p.sum(dim, false);
            for (float s : sums.toFloatArray()) assertEquals(1, s, 1e-5);
            NDArray logp = on.mul(20).logSoftmax(dim);
            assertArrayEquals(p.toFloatArray(), logp.exp().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void repeatedDimIsAnError() {
        var err = assertThrows(IllegalArgumentException.class, () -> x.sum(new int[] {1, -3}, false));
        assertEquals("sum: dimension -3 is given twice", err.getMessage());
    }
}
