package ionas.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** matmul's shape rules and operand layouts, against a plain triple loop, on every device. */
class MatmulTest {
    private static double[] naive(NDArray a, NDArray b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += a.get(i, p) * b.get(p, j);
                c[i * n + j] = s;
            }
        return c;
    }

    private static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "at " + i);
    }

    @OnEachDevice
    void transposedAndSlicedOperandsAreReadInPlace(TestDevice d) {
        Generator g = new Generator(3);
        NDArray a = d.put(NDArray.randn(g, 13, 7)), b = d.put(NDArray.randn(g, 9, 13));
        assertClose(naive(a.transpose(0, 1), b.transpose(0, 1)), a.transpose(0, 1).matmul(b.transpose(0, 1)).toFloatArray());
        NDArray wide = d.put(NDArray.randn(g, 7, 20)).narrow(1, 3, 11);
        NDArray c = d.put(NDArray.randn(g, 11, 5));
        assertClose(naive(wide, c), wide.matmul(c).toFloatArray());
        NDArray strided = d.put(NDArray.randn(g, 6, 8)).narrow(0, 0, 3).narrow(1, 0, 4).transpose(0, 1); // (4,3)
        NDArray ones = d.put(NDArray.ones(3, 2));
        assertClose(naive(strided, ones), strided.matmul(ones).toFloatArray());
    }

    @OnEachDevice
    void batchDimensionsBroadcast(TestDevice d) {
        Generator g = new Generator(4);
        NDArray a = d.put(NDArray.randn(g, 2, 1, 3, 4)), b = d.put(NDArray.randn(g, 5, 4, 2));
        NDArray c = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 2}, c.shape());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 5; j++) {
                double[] expected = naive(a.select(0, i).select(0, 0), b.select(0, j));
                assertClose(expected, c.select(0, i).select(0, j).toFloatArray());
            }
    }

    @OnEachDevice
    void vectorOperandsDropTheirDimension(TestDevice d) {
        NDArray m = d.put(NDArray.arange(6).reshape(2, 3)), v = d.put(NDArray.of(new float[] {1, 1, 1}, 3));
        assertArrayEquals(new float[] {3, 12}, m.matmul(v).toFloatArray());
        assertArrayEquals(new int[] {3}, d.put(NDArray.of(new float[] {1, 1}, 2)).matmul(m).shape());
        assertEquals(3, v.matmul(v).item(), 0);
    }

    @Test
    void float64UsesTheReferenceAndAgrees() {
        Generator g = new Generator(5);
        NDArray a = NDArray.randn(g, 17, 33), b = NDArray.randn(g, 33, 9);
        assertArrayEquals(a.matmul(b).toFloatArray(), a.to(DType.FLOAT64).matmul(b.to(DType.FLOAT64)).toFloatArray(), 1e-4f);
    }
}
