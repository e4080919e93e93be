package ionas.kernels.cpu;

import ionas.kernels.BinaryOp;
import ionas.kernels.UnaryOp;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise loops over one row of {@code n} elements. The tensor layer walks the outer
 * dimensions and calls these for the innermost one, so a row's inputs have a fixed stride each:
 * 1 for a contiguous row, 0 for a broadcast value, anything else for a strided view.
 *
 * <p>The float versions take the Vector API path when every stride is 0 or 1; the double versions
 * (float64 tensors exist for gradient checks, where speed does not matter) and every other case run
 * the plain loop over {@link UnaryOp#apply} / {@link BinaryOp#apply}, which is the definition.
 */
public final class ElementwiseKernels {
    private ElementwiseKernels() {}

    private static final VectorSpecies<Float> S = VectorSupport.FLOAT;

    /*
     * Why every op has its own one-line loop below, written out inside the switch: the Vector API
     * compiles to SIMD instructions only when the JIT can see which operation a loop does. A switch
     * inside one shared loop, or a lambda passed to one shared loop, leaves the JIT a loop that
     * does "one of thirteen things", and the vectors then live as heap objects, an order of
     * magnitude slower. So the switch picks a loop, once per row.
     */

    // ---------------------------------------------------------------- unary

    /**
     * {@link UnaryOp#RELU} on lanes (also batch norm's fused ReLU): max(x, 0) would turn NaN into 0;
     * blend keeps NaN like the scalar definition, and LE (not LT) makes -0.0 the definition's +0.0,
     * as the tail and the CUDA kernels give.
     */
    static FloatVector relu(FloatVector v) {
        return v.blend(0f, v.compare(VectorOperators.LE, 0f));
    }

    public static void unary(UnaryOp op, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        if (xStride == 0 && n > 0) { // a broadcast value (e.g. a gradient expanded over a batch): one result, written n times
            Arrays.fill(y, yOff, yOff + n, scalar(op, x[xOff]));
            return;
        }
        int i = 0;
        if (VectorSupport.ENABLED && xStride == 1 && op != UnaryOp.SIGN) {
            int bound = S.loopBound(n), step = S.length();
            switch (op) {
                case NEG -> { for (; i < bound; i += step) in(x, xOff, i).neg().intoArray(y, yOff + i); }
                case EXP -> { for (; i < bound; i += step) ExpKernel.exp(in(x, xOff, i)).intoArray(y, yOff + i); }
                case LOG -> { for (; i < bound; i += step) LogKernel.log(in(x, xOff, i)).intoArray(y, yOff + i); }
                case SQRT -> { for (; i < bound; i += step) in(x, xOff, i).sqrt().intoArray(y, yOff + i); }
                case ABS -> { for (; i < bound; i += step) in(x, xOff, i).abs().intoArray(y, yOff + i); }
                case RELU -> { for (; i < bound; i += step) relu(in(x, xOff, i)).intoArray(y, yOff + i); }
                // 1/(1+e^-x): e^-x overflows to +inf for x < -88, giving exactly 0, never NaN
                case SIGMOID -> {
                    for (; i < bound; i += step) {
                        FloatVector v = in(x, xOff, i);
                        v.broadcast(1f).div(ExpKernel.exp(v.neg()).add(1f)).intoArray(y, yOff + i);
                    }
                }
                case TANH -> { for (; i < bound; i += step) TanhKernel.tanh(in(x, xOff, i)).intoArray(y, yOff + i); }
                case RECIPROCAL -> {
                    for (; i < bound; i += step) {
                        FloatVector v = in(x, xOff, i);
                        v.broadcast(1f).div(v).intoArray(y, yOff + i);
                    }
                }
                case SIGN -> throw new AssertionError("SIGN has no vector form");
            }
        }
        for (; i < n; i++) y[yOff + i] = scalar(op, x[xOff + i * xStride]);
    }

    /**
     * One float element of a unary op. exp, sigmoid, log and tanh use the kernels of the vector
     * lanes ({@link ExpKernel}, {@link LogKernel}, {@link TanhKernel}), so that a result does not
     * depend on whether its element fell in a vector or in the tail; the rest are the definition
     * ({@link UnaryOp#apply}) rounded to float.
     */
    private static float scalar(UnaryOp op, float x) {
        return switch (op) {
            case EXP -> ExpKernel.exp(x);
            case SIGMOID -> 1f / (ExpKernel.exp(-x) + 1f);
            case LOG -> LogKernel.log(x);
            case TANH -> TanhKernel.tanh(x);
            default -> (float) op.apply(x);
        };
    }

    public static void unary(UnaryOp op, double[] x, int xOff, int xStride, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = op.apply(x[xOff + i * xStride]);
    }

    // ---------------------------------------------------------------- binary

    public static void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                              float[] y, int yOff, int n) {
        int i = 0;
        if (VectorSupport.ENABLED && (aStride | bStride) >>> 1 == 0) {
            int bound = S.loopBound(n), step = S.length();
            switch (op) {
                case ADD -> { for (; i < bound; i += step) in(a, aOff, aStride, i).add(in(b, bOff, bStride, i)).intoArray(y, yOff + i); }
                case SUB -> { for (; i < bound; i += step) in(a, aOff, aStride, i).sub(in(b, bOff, bStride, i)).intoArray(y, yOff + i); }
                case MUL -> { for (; i < bound; i += step) in(a, aOff, aStride, i).mul(in(b, bOff, bStride, i)).intoArray(y, yOff + i); }
                case DIV -> { for (; i < bound; i += step) in(a, aOff, aStride, i).div(in(b, bOff, bStride, i)).intoArray(y, yOff + i); }
                // POW has no vector loop: lanewise(POW) changes its last bits when the JIT compiles the loop
                // (see ExpKernel), and nothing hot raises to a power; Math.pow below is the same in every JIT state
                case POW -> { }
                // NaN in a wins, as in the scalar definition; then the plain comparison picks
                case MAX -> {
                    for (; i < bound; i += step) {
                        FloatVector u = in(a, aOff, aStride, i), v = in(b, bOff, bStride, i);
                        v.blend(u, u.compare(VectorOperators.GE, v).or(u.test(VectorOperators.IS_NAN))).intoArray(y, yOff + i);
                    }
                }
                case MIN -> {
                    for (; i < bound; i += step) {
                        FloatVector u = in(a, aOff, aStride, i), v = in(b, bOff, bStride, i);
                        v.blend(u, u.compare(VectorOperators.LE, v).or(u.test(VectorOperators.IS_NAN))).intoArray(y, yOff + i);
                    }
                }
                // comparisons: 1 where true, else 0
                case EQ -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.EQ, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
                case NE -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.NE, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
                case LT -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.LT, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
                case LE -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.LE, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
                case GT -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.GT, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
                case GE -> { for (; i < bound; i += step) mask(in(a, aOff, aStride, i).compare(VectorOperators.GE, in(b, bOff, bStride, i))).intoArray(y, yOff + i); }
            }
        }
        for (; i < n; i++) y[yOff + i] = (float) op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
    }

    /** 1 where the mask is set, else 0. */
    private static FloatVector mask(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
    }

    /** Lanes i.. of a contiguous row. */
    private static FloatVector in(float[] x, int off, int i) {
        return FloatVector.fromArray(S, x, off + i);
    }

    /** Lanes i.. of a row with stride 1, or its one value repeated when the stride is 0. */
    private static FloatVector in(float[] x, int off, int stride, int i) {
        return stride == 0 ? FloatVector.broadcast(S, x[off]) : FloatVector.fromArray(S, x, off + i);
    }

    public static void binary(BinaryOp op, double[] a, int aOff, int aStride, double[] b, int bOff, int bStride,
                              double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
    }

    // ---------------------------------------------------------------- where

    /** y = cond != 0 ? a : b, each with its own stride. */
    public static void where(float[] c, int cOff, int cStride, float[] a, int aOff, int aStride,
                             float[] b, int bOff, int bStride, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = c[cOff + i * cStride] != 0 ? a[aOff + i * aStride] : b[bOff + i * bStride];
        }
    }

    public static void where(double[] c, int cOff, int cStride, double[] a, int aOff, int aStride,
                             double[] b, int bOff, int bStride, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = c[cOff + i * cStride] != 0 ? a[aOff + i * aStride] : b[bOff + i * bStride];
        }
    }
}
