package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.kernels.BinaryOp;
import ionas.kernels.ReduceOp;
import ionas.kernels.UnaryOp;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector paths of the elementwise, reduction and softmax kernels against the scalar
 * definitions ({@link UnaryOp#apply} and friends), over lengths that leave every kind of tail.
 */
class ElementwiseKernelsTest {
    private static float[] random(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextFloat();
        return v;
    }

    private static void close(double expected, double actual, double tol, String what) {
        if (Double.isNaN(expected)) {
            assertEquals(Double.NaN, actual, what);
            return;
        }
        assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)), what);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 207, 4099})
    void unaryMatchesDefinition(int n) {
        float[] x = random(n + 3, n, -4, 4);
        x[0] = 0; // the kink of relu, abs and sign
        for (UnaryOp op : UnaryOp.values()) {
            float[] in = op == UnaryOp.LOG || op == UnaryOp.SQRT ? random(n + 3, n, 0.01f, 4) : x;
            float[] y = new float[n + 2];
            ElementwiseKernels.unary(op, in, 3, 1, y, 2, n);
            for (int i = 0; i < n; i++) close(op.apply(in[3 + i]), y[2 + i], 2e-6, op + " at " + i);
        }
    }

    /**
     * A broadcast input (stride 0, as an expanded gradient gives): every element of the row is the
     * op of the one value, bit for bit the definition's, and nothing outside the row is written.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 207})
    void unaryOfABroadcastValueFillsTheRowWithItsDefinition(int n) {
        for (UnaryOp op : UnaryOp.values()) {
            float[] x = {9f, op == UnaryOp.LOG || op == UnaryOp.SQRT ? 0.7f : -0.7f};
            float[] y = new float[n + 2];
            y[0] = y[n + 1] = 5f;
            ElementwiseKernels.unary(op, x, 1, 0, y, 1, n);
            float[] row = new float[n];
            ElementwiseKernels.unary(op, new float[] {x[1]}, 0, 1, row, 0, 1); // the one-element path: the kernels' own scalar
            for (int i = 0; i < n; i++) assertEquals(Float.floatToIntBits(row[0]), Float.floatToIntBits(y[1 + i]), op + " at " + i);
            close(op.apply(x[1]), y[1], 2e-6, op + " against the definition");
            assertEquals(5f, y[0], op + " wrote before the row");
            assertEquals(5f, y[n + 1], op + " wrote after the row");
        }
    }

    /**
     * Signed zeros and infinities, bit for bit, in vector lanes and in the tail: the exactly
     * rounded ops must give the definition's bits wherever an element falls (a -0.0 from relu's
     * vector lanes against +0.0 from its tail and from the CUDA kernel was found on the first GPU
     * run).
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 35})
    void exactOpsGiveTheDefinitionsBitsForSignedZerosAndInfinities(int n) {
        float[] special = {-0.0f, 0.0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -1f, 1f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = special[i % special.length];
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.RELU, UnaryOp.SIGN, UnaryOp.SQRT, UnaryOp.RECIPROCAL}) {
            float[] y = new float[n];
            ElementwiseKernels.unary(op, x, 0, 1, y, 0, n);
            for (int i = 0; i < n; i++) {
                float want = (float) op.apply(x[i]);
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), op + "(" + x[i] + ") at " + i
                        + ": want " + want + ", got " + y[i]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 207, 4099})
    void binaryMatchesDefinitionForEveryStride(int n) {
        float[] a = random(2 * n + 1, 1, -3, 3), b = random(2 * n + 1, 2, 0.5f, 3);
        for (int i = 0; i < n; i += 3) b[i] = a[i]; // ties for the comparisons
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] strides : new int[][] {{1, 1}, {0, 1}, {1, 0}, {2, 1}}) {
                float[] y = new float[n];
                ElementwiseKernels.binary(op, a, 0, strides[0], b, 0, strides[1], y, 0, n);
                for (int i = 0; i < n; i++) {
                    double expected = op.apply(a[i * strides[0]], b[i * strides[1]]);
                    close((float) expected, y[i], 2e-6, op + " strides " + strides[0] + "," + strides[1] + " at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 207})
    void reductionsMatchPlainLoops(int n) {
        int outer = 3, inner = 5;
        float[] x = random(outer * n * inner, n, -2, 2);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) xd[i] = x[i];
        for (ReduceOp op : ReduceOp.values()) {
            for (int in : new int[] {1, inner}) {
                float[] y = new float[outer * in];
                double[] yd = new double[outer * in];
                ReduceKernels.reduce(op, x, outer, n * inner / in, in, y);
                ReduceKernels.reduce(op, xd, outer, n * inner / in, in, yd);
                for (int i = 0; i < y.length; i++) close(yd[i], y[i], 1e-5 * n, op + " inner " + in);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 207})
    void softmaxMatchesDoubleReference(int n) {
        float[] x = random(4 * n, n, -30, 30);
        x[0] = 1e30f; // a huge logit must not overflow
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) xd[i] = x[i];
        for (boolean log : new boolean[] {false, true}) {
            float[] y = new float[x.length];
            double[] yd = new double[x.length];
            SoftmaxKernels.softmax(x, y, 4, n, log);
            SoftmaxKernels.softmax(xd, yd, 4, n, log);
            for (int i = 0; i < y.length; i++) close(yd[i], y[i], 1e-5, (log ? "log" : "") + "softmax at " + i);
        }
    }
}
