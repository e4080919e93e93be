package ionas.kernels.cpu;

import ionas.kernels.BinaryOp;
import ionas.kernels.UnaryOp;
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
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    // ---------------------------------------------------------------- unary

    public static void unary(UnaryOp op, float[] x, int xOff, int xStride, float[] y, int yOff, int n) {
        int i = 0;
        if (VectorSupport.ENABLED && xStride == 1 && vectorizable(op)) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                unaryVector(op, FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] = (float) op.apply(x[xOff + i * xStride]);
    }

    public static void unary(UnaryOp op, double[] x, int xOff, int xStride, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = op.apply(x[xOff + i * xStride]);
    }

    private static boolean vectorizable(UnaryOp op) {
        return op != UnaryOp.SIGN;
    }

    private static FloatVector unaryVector(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case SQRT -> v.sqrt();
            case ABS -> v.abs();
            // max(x, 0) would turn NaN into 0; blend keeps NaN like the scalar definition.
            case RELU -> v.blend(0f, v.compare(VectorOperators.LT, 0f));
            // 1/(1+e^-x): e^-x overflows to +inf for x < -88, giving exactly 0, never NaN.
            case SIGMOID -> ONE.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case TANH -> v.lanewise(VectorOperators.TANH);
            case RECIPROCAL -> ONE.div(v);
            case SIGN -> throw new AssertionError("SIGN has no vector form");
        };
    }

    // ---------------------------------------------------------------- binary

    public static void binary(BinaryOp op, float[] a, int aOff, int aStride, float[] b, int bOff, int bStride,
                              float[] y, int yOff, int n) {
        int i = 0;
        if (VectorSupport.ENABLED && (aStride | bStride) >>> 1 == 0 && n >= S.length()) {
            // A stride of 0 is a broadcast value: load it once as a vector of copies.
            FloatVector aConst = aStride == 0 ? FloatVector.broadcast(S, a[aOff]) : null;
            FloatVector bConst = bStride == 0 ? FloatVector.broadcast(S, b[bOff]) : null;
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector va = aConst != null ? aConst : FloatVector.fromArray(S, a, aOff + i);
                FloatVector vb = bConst != null ? bConst : FloatVector.fromArray(S, b, bOff + i);
                binaryVector(op, va, vb).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) y[yOff + i] = (float) op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
    }

    public static void binary(BinaryOp op, double[] a, int aOff, int aStride, double[] b, int bOff, int bStride,
                              double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = op.apply(a[aOff + i * aStride], b[bOff + i * bStride]);
    }

    private static FloatVector binaryVector(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.lanewise(VectorOperators.POW, b);
            // NaN in a wins, as in the scalar definition; then the plain comparison picks.
            case MAX -> b.blend(a, a.compare(VectorOperators.GE, b).or(a.test(VectorOperators.IS_NAN)));
            case MIN -> b.blend(a, a.compare(VectorOperators.LE, b).or(a.test(VectorOperators.IS_NAN)));
            case EQ -> mask(a.compare(VectorOperators.EQ, b));
            case NE -> mask(a.compare(VectorOperators.NE, b));
            case LT -> mask(a.compare(VectorOperators.LT, b));
            case LE -> mask(a.compare(VectorOperators.LE, b));
            case GT -> mask(a.compare(VectorOperators.GT, b));
            case GE -> mask(a.compare(VectorOperators.GE, b));
        };
    }

    private static FloatVector mask(VectorMask<Float> m) {
        return FloatVector.zero(S).blend(1f, m);
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
