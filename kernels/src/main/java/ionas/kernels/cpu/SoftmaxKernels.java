package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax over each contiguous row of {@code n} elements.
 *
 * <p>Both subtract the row's maximum first: e^(x - max) is at most 1, so nothing overflows, and
 * the result is the same because the factor e^-max cancels. Log-softmax is computed directly as
 * {@code x - max - log(sum e^(x - max))} instead of {@code log(softmax)}, which would give -inf
 * wherever softmax underflows to 0.
 */
public final class SoftmaxKernels {
    private SoftmaxKernels() {}

    private static final VectorSpecies<Float> S = VectorSupport.FLOAT;

    public static void softmax(float[] x, float[] y, int rows, int n, boolean log) {
        Parallel.forRange(rows, (long) rows * n * 4, (from, to) -> {
            for (int r = from; r < to; r++) row(x, y, r * n, n, log);
        });
    }

    private static void row(float[] x, float[] y, int off, int n, boolean log) {
        // 1. the maximum, for numerical stability
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        if (max == Float.NEGATIVE_INFINITY) max = 0; // a row of -inf: keep the NaN-free 0/0 path out
        // 2. e^(x - max) into y, and its sum
        float sum = 0;
        int i = 0;
        if (VectorSupport.ENABLED) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector e = ExpKernel.exp(FloatVector.fromArray(S, x, off + i).sub(max));
                e.intoArray(y, off + i);
                acc = acc.add(e);
            }
            sum = VectorSupport.sumLanes(acc);
        }
        for (; i < n; i++) {
            float e = ExpKernel.exp(x[off + i] - max);
            y[off + i] = e;
            sum += e;
        }
        // 3. normalise
        if (log) {
            float shift = max + (float) Math.log(sum);
            for (int j = 0; j < n; j++) y[off + j] = x[off + j] - shift;
        } else {
            float inv = 1 / sum;
            for (int j = 0; j < n; j++) y[off + j] *= inv;
        }
    }

    public static void softmax(double[] x, double[] y, int rows, int n, boolean log) {
        for (int r = 0; r < rows; r++) {
            int off = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
            if (max == Double.NEGATIVE_INFINITY) max = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Math.exp(x[off + i] - max);
            for (int i = 0; i < n; i++) {
                y[off + i] = log ? x[off + i] - max - Math.log(sum) : Math.exp(x[off + i] - max) / sum;
            }
        }
    }
}
