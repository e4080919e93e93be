package ionas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The quadratic forms {@code x_r^T S x_r} of many rows {@code x_r} with one {@code d x d} matrix
 * {@code S}, in double: the predictive variances of a Bayesian linear regression (DNGO predicts all
 * 15,625 NAS-Bench-201 cells before each query, with {@code d = 128}).
 *
 * <p>Each row's {@code q = x_r^T S} is built element by element as one chain of fused
 * multiply-adds over {@code k = 0, 1, ...} ({@code q_j = fma(x_rk, S_kj, q_j)}), and the form is
 * then {@code sum_j q_j x_rj} in index order. Those are the same operations in the same order on the
 * vector and the scalar path, in a JIT-compiled or an interpreted loop, so every path gives the same
 * bits. Rows go four at a time: each vector of S, loaded once, serves four accumulators.
 */
public final class QuadraticForms {
    private QuadraticForms() {}

    /** Rows computed together. */
    static final int ROW_BLOCK = 4;

    private static final VectorSpecies<Double> DOUBLE = VectorSupport.DOUBLE;

    /**
     * {@code out[at + r] = x_r^T S x_r} for the {@code rows} rows of {@code x} that start at
     * {@code x[offset]} (row-major, {@code d} wide); {@code s} is {@code d x d}, row-major.
     */
    public static void rows(double[] x, int offset, int rows, double[] s, int d, double[] out, int at) {
        if (s.length < d * d) throw new IllegalArgumentException("S has " + s.length + " entries, fewer than " + d + " x " + d);
        if (offset < 0 || rows < 0 || offset + (long) rows * d > x.length)
            throw new IllegalArgumentException(rows + " rows of " + d + " from " + offset + " do not fit in " + x.length + " values");
        double[] block = new double[ROW_BLOCK * d], q = new double[ROW_BLOCK * d];
        for (int r = 0; r < rows; r += ROW_BLOCK) {
            int n = Math.min(ROW_BLOCK, rows - r);
            Arrays.fill(block, 0); // a short last block runs as a full one, on rows of zeros
            System.arraycopy(x, offset + r * d, block, 0, n * d);
            Arrays.fill(q, 0);
            int j = VectorSupport.ENABLED ? vectorColumns(block, s, d, q) : 0;
            scalarColumns(block, s, d, q, j);
            for (int i = 0; i < n; i++) {
                double form = 0;
                for (int c = 0; c < d; c++) form += q[i * d + c] * block[i * d + c];
                out[at + r + i] = form;
            }
        }
    }

    /**
     * Columns {@code [0, j)} of the block's {@code q}, two vectors of S at a time (eight independent
     * multiply-add chains, enough to cover the unit's latency), then one; returns j.
     */
    private static int vectorColumns(double[] x, double[] s, int d, double[] q) {
        int lanes = DOUBLE.length(), j = 0;
        for (; j + 2 * lanes <= d; j += 2 * lanes) {
            DoubleVector a0 = DoubleVector.zero(DOUBLE), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int k = 0; k < d; k++) {
                DoubleVector sa = DoubleVector.fromArray(DOUBLE, s, k * d + j), sb = DoubleVector.fromArray(DOUBLE, s, k * d + j + lanes);
                DoubleVector x0 = DoubleVector.broadcast(DOUBLE, x[k]), x1 = DoubleVector.broadcast(DOUBLE, x[d + k]),
                        x2 = DoubleVector.broadcast(DOUBLE, x[2 * d + k]), x3 = DoubleVector.broadcast(DOUBLE, x[3 * d + k]);
                a0 = sa.fma(x0, a0);
                a1 = sa.fma(x1, a1);
                a2 = sa.fma(x2, a2);
                a3 = sa.fma(x3, a3);
                b0 = sb.fma(x0, b0);
                b1 = sb.fma(x1, b1);
                b2 = sb.fma(x2, b2);
                b3 = sb.fma(x3, b3);
            }
            a0.intoArray(q, j);
            a1.intoArray(q, d + j);
            a2.intoArray(q, 2 * d + j);
            a3.intoArray(q, 3 * d + j);
            b0.intoArray(q, j + lanes);
            b1.intoArray(q, d + j + lanes);
            b2.intoArray(q, 2 * d + j + lanes);
            b3.intoArray(q, 3 * d + j + lanes);
        }
        for (; j + lanes <= d; j += lanes) {
            DoubleVector a0 = DoubleVector.zero(DOUBLE), a1 = a0, a2 = a0, a3 = a0;
            for (int k = 0; k < d; k++) {
                DoubleVector sa = DoubleVector.fromArray(DOUBLE, s, k * d + j);
                a0 = sa.fma(DoubleVector.broadcast(DOUBLE, x[k]), a0);
                a1 = sa.fma(DoubleVector.broadcast(DOUBLE, x[d + k]), a1);
                a2 = sa.fma(DoubleVector.broadcast(DOUBLE, x[2 * d + k]), a2);
                a3 = sa.fma(DoubleVector.broadcast(DOUBLE, x[3 * d + k]), a3);
            }
            a0.intoArray(q, j);
            a1.intoArray(q, d + j);
            a2.intoArray(q, 2 * d + j);
            a3.intoArray(q, 3 * d + j);
        }
        return j;
    }

    /** Columns {@code [from, d)} of the block's {@code q}, one at a time. */
    private static void scalarColumns(double[] x, double[] s, int d, double[] q, int from) {
        for (int i = 0; i < ROW_BLOCK; i++)
            for (int j = from; j < d; j++) {
                double acc = 0;
                for (int k = 0; k < d; k++) acc = Math.fma(x[i * d + k], s[k * d + j], acc);
                q[i * d + j] = acc;
            }
    }
}
