package ionas.kernels.cpu;

import ionas.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions of a contiguous array seen as (outer, reduced, inner) to (outer, inner). Any set of
 * reduced dimensions is a sequence of such steps, one per run of adjacent dimensions, which the
 * tensor layer performs.
 *
 * <p>Two loop orders: with {@code inner == 1} each output is a dot-like pass over one contiguous
 * row; otherwise whole inner rows are combined into the output, which keeps both reads and writes
 * contiguous (summing a batch of NCHW images over N is the typical case).
 */
public final class ReduceKernels {
    private ReduceKernels() {}

    private static final VectorSpecies<Float> S = VectorSupport.FLOAT;

    public static void reduce(ReduceOp op, float[] x, int outer, int reduced, int inner, float[] y) {
        long work = (long) outer * reduced * inner;
        Parallel.forRange(outer, work, (from, to) -> {
            for (int o = from; o < to; o++) {
                int base = o * reduced * inner;
                if (inner == 1) y[o] = reduceRow(op, x, base, reduced);
                else reduceRows(op, x, base, reduced, inner, y, o * inner);
            }
        });
    }

    public static void reduce(ReduceOp op, double[] x, int outer, int reduced, int inner, double[] y) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double acc = op.identity();
                for (int r = 0; r < reduced; r++) acc = op.combine(acc, x[(o * reduced + r) * inner + i]);
                y[o * inner + i] = acc;
            }
        }
    }

    private static float reduceRow(ReduceOp op, float[] x, int off, int n) {
        int i = 0;
        float acc = (float) op.identity();
        if (VectorSupport.ENABLED && n >= 2 * S.length()) {
            VectorOperators.Associative vop = vectorOp(op);
            FloatVector v = FloatVector.broadcast(S, acc);
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                v = v.lanewise(vop, FloatVector.fromArray(S, x, off + i));
            }
            acc = op == ReduceOp.SUM ? VectorSupport.sumLanes(v) : v.reduceLanes(vop); // max and min are exact in any order
        }
        for (; i < n; i++) acc = (float) op.combine(acc, x[off + i]);
        return acc;
    }

    private static void reduceRows(ReduceOp op, float[] x, int off, int reduced, int inner, float[] y, int yOff) {
        java.util.Arrays.fill(y, yOff, yOff + inner, (float) op.identity());
        for (int r = 0; r < reduced; r++) {
            int row = off + r * inner;
            int i = 0;
            if (VectorSupport.ENABLED) {
                VectorOperators.Associative vop = vectorOp(op);
                for (int bound = S.loopBound(inner); i < bound; i += S.length()) {
                    FloatVector.fromArray(S, y, yOff + i)
                            .lanewise(vop, FloatVector.fromArray(S, x, row + i))
                            .intoArray(y, yOff + i);
                }
            }
            for (; i < inner; i++) y[yOff + i] = (float) op.combine(y[yOff + i], x[row + i]);
        }
    }

    private static VectorOperators.Associative vectorOp(ReduceOp op) {
        return switch (op) {
            case SUM -> VectorOperators.ADD;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
        };
    }

    /**
     * The index of the first largest element of each contiguous row of {@code n}; NaN counts as
     * largest, as in torch.argmax.
     */
    public static void argmaxRows(float[] x, int rows, int n, int[] out) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            float bestValue = x[r * n];
            for (int i = 1; i < n && !Float.isNaN(bestValue); i++) {
                float v = x[r * n + i];
                if (v > bestValue || Float.isNaN(v)) {
                    best = i;
                    bestValue = v;
                }
            }
            out[r] = best;
        }
    }

    public static void argmaxRows(double[] x, int rows, int n, int[] out) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            double bestValue = x[r * n];
            for (int i = 1; i < n && !Double.isNaN(bestValue); i++) {
                double v = x[r * n + i];
                if (v > bestValue || Double.isNaN(v)) {
                    best = i;
                    bestValue = v;
                }
            }
            out[r] = best;
        }
    }
}
