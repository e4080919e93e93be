package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Random data and float-versus-double comparisons shared by the kernel tests. */
final class Fixtures {
    private Fixtures() {}

    /** Unit roundoff of float: the relative error of one rounding. */
    static final double FLOAT_EPS = Math.ulp(1.0f) / 2;

    /** Uniform values in [-1, 1). */
    static float[] uniform(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = 2 * random.nextFloat() - 1;
        return x;
    }

    static double[] toDouble(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i];
        return y;
    }

    static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.abs(x[i]);
        return y;
    }

    /**
     * Fails unless every |actual - expected| is within a float rounding error bound for sums of
     * {@code terms} products: {@code terms * eps * magnitude}, where magnitude is the same sum
     * computed over absolute values (so cancellation does not make the bound too tight), times a
     * safety factor. Real bugs give errors of the order of the values themselves, far above it.
     */
    static void assertClose(String what, double[] expected, double[] magnitude, float[] actual, int terms) {
        if (expected.length != actual.length) fail(what + ": length " + actual.length + ", expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = 4 * FLOAT_EPS * (terms + 2) * magnitude[i] + 1e-30;
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance))
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " +- " + tolerance);
        }
    }

    /** Fails unless the two arrays are equal element by element (NaN equals NaN). */
    static void assertSame(String what, float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++)
            if (Float.compare(expected[i], actual[i]) != 0)
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
    }
}
