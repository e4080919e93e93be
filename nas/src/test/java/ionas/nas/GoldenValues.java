package ionas.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.tensor.NDArray;

/** Comparing ionas's arrays with the reference values of a golden file made by PyTorch. */
public final class GoldenValues {
    private GoldenValues() {}

    /**
     * Every element within {@code tol} times the largest magnitude of the expected values (at least
     * {@code floor}): relative to the array's scale, as gradients of different layers differ in scale,
     * and absolute for an array whose true values are all near zero.
     */
    public static void assertClose(String what, NDArray expected, NDArray actual, double tol, double floor) {
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        assertEquals(e.length, a.length, what + ": size");
        double scale = floor;
        for (float x : e) scale = Math.max(scale, Math.abs(x));
        for (int i = 0; i < e.length; i++)
            assertTrue(Math.abs(e[i] - a[i]) <= tol * scale, what + "[" + i + "]: expected " + e[i] + ", got " + a[i] + " (scale " + scale + ")");
    }
}
