package ionas.kernels.cpu;

import ionas.kernels.geometry.PoolGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float max- and average-pooling, with the semantics of {@link Reference#maxPool2dForward} and
 * friends (PyTorch's MaxPool2d with return_indices, AvgPool2d with count_include_pad). Arrays
 * start at index 0.
 *
 * <p>Plain loops, spread over the (n, c) planes: pooling reads each input a handful of times and
 * does almost no arithmetic, so it is bound by memory, and the JIT's code for these loops is as
 * fast as hand-written vectors would be for the small windows (2x2, 3x3) networks use.
 */
public final class PoolKernels {
    private PoolKernels() {}

    public static void maxPool2dForward(PoolGeometry g, float[] x, float[] y, int[] argmax) {
        check(g, x.length, y.length);
        if (argmax.length < g.outputSize())
            throw new IllegalArgumentException("pool2d: argmax has " + argmax.length + " elements, needs " + g.outputSize());
        int planes = g.batch() * g.channels(), hw = g.height() * g.width();
        long work = (long) g.outputSize() * g.kernelH() * g.kernelW();
        if (VectorSupport.ENABLED && isSame3x3(g) && hw < (1 << 24)) {
            // NAS-Bench-101's maxpool3x3: separable and vectorised.
            Same3x3 masks = new Same3x3(g.height(), g.width());
            Parallel.forRange(planes, work, (from, to) -> {
                float[] rowMax = new float[masks.padded], rowArg = new float[masks.padded];
                for (int plane = from; plane < to; plane++)
                    maxPoolSame3x3(masks, x, plane * hw, rowMax, rowArg, y, argmax, plane * hw);
            });
        } else if (g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padH() == 0 && g.padW() == 0) {
            if (VectorSupport.ENABLED && g.width() >= 2 && g.height() * g.width() < (1 << 24))
                Parallel.forRange(planes, work, (from, to) -> {
                    float[] pairMax = new float[g.width() + L], pairArg = new float[g.width() + L];
                    for (int plane = from; plane < to; plane++)
                        maxPool2x2Vector(g.height(), g.width(), x, y, argmax, plane, pairMax, pairArg);
                });
            else
                Parallel.forRange(planes, work, (from, to) -> maxPool2x2(g.height(), g.width(), x, y, argmax, from, to));
        } else {
            Parallel.forRange(planes, work, (from, to) -> maxPoolGeneric(g, x, y, argmax, from, to));
        }
    }

    /** 3x3 windows, stride 1, padding 1: the output has the input's size. */
    private static boolean isSame3x3(PoolGeometry g) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 1 && g.padW() == 1;
    }

    /**
     * Any window, stride and padding: planes [from, to), in PyTorch's scan order. An element
     * replaces the running maximum when strictly greater, so the first of equal maxima wins, or
     * when it is NaN, so the last NaN wins.
     */
    private static void maxPoolGeneric(PoolGeometry g, float[] x, float[] y, int[] argmax, int from, int to) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.height(), w = g.width(), hw = h * w;
        for (int plane = from; plane < to; plane++) {
            int xPlane = plane * hw;
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    int best = hFrom * w + wFrom;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int ih = hFrom; ih < hTo; ih++) {
                        for (int i = ih * w + wFrom, end = ih * w + wTo; i < end; i++) {
                            float v = x[xPlane + i];
                            if (v > max || v != v) {
                                max = v;
                                best = i;
                            }
                        }
                    }
                    int o = (plane * oh + r) * ow + s;
                    y[o] = max;
                    argmax[o] = best;
                }
            }
        }
    }

    /** 2x2 windows, stride 2, no padding: every window lies inside the input. */
    private static void maxPool2x2(int h, int w, float[] x, float[] y, int[] argmax, int from, int to) {
        int oh = h / 2, ow = w / 2, hw = h * w;
        for (int plane = from; plane < to; plane++) {
            int xPlane = plane * hw, o = plane * oh * ow;
            for (int r = 0; r < oh; r++) {
                for (int s = 0, i = 2 * r * w + 0; s < ow; s++, i += 2, o++) {
                    // The window in scan order: i, i+1, i+w, i+w+1; same rule as maxPoolGeneric,
                    // written as selects: on random data branches would mispredict half the time.
                    int best = i;
                    float max = x[xPlane + i];
                    float v = x[xPlane + i + 1];
                    boolean take = v > max || v != v;
                    best = take ? i + 1 : best;
                    max = take ? v : max;
                    v = x[xPlane + i + w];
                    take = v > max || v != v;
                    best = take ? i + w : best;
                    max = take ? v : max;
                    v = x[xPlane + i + w + 1];
                    take = v > max || v != v;
                    best = take ? i + w + 1 : best;
                    max = take ? v : max;
                    y[o] = max;
                    argmax[o] = best;
                }
            }
        }
    }

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();
    /** 0, 1, 2, ...: lane numbers, as floats. */
    private static final float[] LANES = new float[L];

    static {
        for (int i = 0; i < L; i++) LANES[i] = i;
    }

    /**
     * One plane of 2x2 / stride 2 max-pooling with vectors: for each pair of input rows, the
     * window starting at every column j (not only the even ones: that would need a de-interleave)
     * in scan order (top-left, top-right, bottom-left, bottom-right), then every other result is
     * copied out. Same rule, so the same result, as maxPoolGeneric.
     */
    private static void maxPool2x2Vector(int h, int w, float[] x, float[] y, int[] argmax, int plane,
                                         float[] pairMax, float[] pairArg) {
        int oh = h / 2, ow = w / 2, starts = 2 * ow - 1, xPlane = plane * h * w;
        FloatVector lanes = FloatVector.fromArray(F, LANES, 0);
        for (int r = 0, o = plane * oh * ow; r < oh; r++, o += ow) {
            int top = xPlane + 2 * r * w, bottom = top + w;
            for (int j = 0; j < starts; j += L) {
                VectorMask<Float> in = F.indexInRange(j, starts);
                FloatVector at = lanes.add((float) j);
                FloatVector max = FloatVector.fromArray(F, x, top + j, in);
                FloatVector arg = at;
                FloatVector v = FloatVector.fromArray(F, x, top + j + 1, in);
                VectorMask<Float> take = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, take);
                arg = arg.blend(at.add(1f), take);
                v = FloatVector.fromArray(F, x, bottom + j, in);
                take = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, take);
                arg = arg.blend(at.add((float) w), take);
                v = FloatVector.fromArray(F, x, bottom + j + 1, in);
                take = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max.blend(v, take).intoArray(pairMax, j);
                arg.blend(at.add((float) (w + 1)), take).intoArray(pairArg, j);
            }
            int rowStart = 2 * r * w;
            for (int s = 0; s < ow; s++) {
                y[o + s] = pairMax[2 * s];
                argmax[o + s] = rowStart + (int) pairArg[2 * s];
            }
        }
    }

    /** Per-geometry masks of the 3x3 same pooling, over a plane seen as one flat array. */
    private static final class Same3x3 {
        final int hw, w, padded;
        /** Per flat index: a left (right) neighbour in the same row; a row above (below); inside the plane. */
        final boolean[] left, right, up, down, inside;

        Same3x3(int h, int w) {
            this.w = w;
            hw = h * w;
            padded = PackedGemm.roundUp(hw, L) + 2 * w + L;
            int n = PackedGemm.roundUp(hw, L);
            left = new boolean[n];
            right = new boolean[n];
            up = new boolean[n];
            down = new boolean[n];
            inside = new boolean[n];
            for (int i = 0; i < hw; i++) {
                int col = i % w;
                left[i] = col > 0;
                right[i] = col < w - 1;
                up[i] = i >= w;
                down[i] = i < hw - w;
                inside[i] = true;
            }
        }
    }

    /**
     * One plane of 3x3 / stride 1 / pad 1 max-pooling, separably: first the maximum of each
     * pixel's row of three (left, centre, right), with the flat index it came from, into
     * rowMax/rowArg at offset w; then the maximum of three of those vertically (up, centre, down).
     * Both passes take candidates in scan order with the rule of maxPoolGeneric (strictly greater,
     * or NaN), so the result is the same: the window's first maximum in row-major order, or its
     * last NaN. The first candidate that exists starts the running maximum (as -inf and then that
     * candidate would: a window of -inf keeps its first index). Indices are carried as floats
     * (exact below 2^24), so every vector has the same shape and masks need no conversion.
     */
    private static void maxPoolSame3x3(Same3x3 m, float[] x, int xOff, float[] rowMax, float[] rowArg,
                                       float[] y, int[] argmax, int yOff) {
        int hw = m.hw, w = m.w;
        FloatVector lanes = FloatVector.fromArray(F, LANES, 0);
        for (int i = 0; i < hw; i += L) {
            VectorMask<Float> in = VectorMask.fromArray(F, m.inside, i);
            VectorMask<Float> hasLeft = VectorMask.fromArray(F, m.left, i);
            VectorMask<Float> hasRight = VectorMask.fromArray(F, m.right, i);
            FloatVector centre = FloatVector.fromArray(F, x, xOff + i, in);
            FloatVector at = lanes.add((float) i);
            FloatVector max = centre.blend(FloatVector.fromArray(F, x, xOff + i - 1, hasLeft), hasLeft);
            FloatVector arg = at.blend(at.sub(1f), hasLeft);
            VectorMask<Float> take = centre.compare(VectorOperators.GT, max).or(centre.test(VectorOperators.IS_NAN));
            max = max.blend(centre, take);
            arg = arg.blend(at, take);
            FloatVector right = FloatVector.fromArray(F, x, xOff + i + 1, hasRight);
            take = right.compare(VectorOperators.GT, max).or(right.test(VectorOperators.IS_NAN)).and(hasRight);
            max.blend(right, take).intoArray(rowMax, w + i);
            arg.blend(at.add(1f), take).intoArray(rowArg, w + i);
        }
        int bound = F.loopBound(hw);
        for (int o = 0; o < bound; o += L) {
            VectorMask<Float> hasUp = VectorMask.fromArray(F, m.up, o);
            VectorMask<Float> hasDown = VectorMask.fromArray(F, m.down, o);
            FloatVector centre = FloatVector.fromArray(F, rowMax, w + o);
            FloatVector centreArg = FloatVector.fromArray(F, rowArg, w + o);
            FloatVector max = centre.blend(FloatVector.fromArray(F, rowMax, o), hasUp);
            FloatVector arg = centreArg.blend(FloatVector.fromArray(F, rowArg, o), hasUp);
            VectorMask<Float> take = centre.compare(VectorOperators.GT, max).or(centre.test(VectorOperators.IS_NAN));
            max = max.blend(centre, take);
            arg = arg.blend(centreArg, take);
            FloatVector down = FloatVector.fromArray(F, rowMax, w + w + o);
            take = down.compare(VectorOperators.GT, max).or(down.test(VectorOperators.IS_NAN)).and(hasDown);
            max.blend(down, take).intoArray(y, yOff + o);
            ((IntVector) arg.blend(FloatVector.fromArray(F, rowArg, w + w + o), take)
                    .convert(VectorOperators.F2I, 0)).intoArray(argmax, yOff + o);
        }
        for (int o = bound; o < hw; o++) {
            // The last pixels, when the plane is not a whole number of vectors.
            float max = rowMax[w + o], arg = rowArg[w + o];
            if (o >= w) {
                max = rowMax[o];
                arg = rowArg[o];
                float v = rowMax[w + o];
                if (v > max || v != v) { max = v; arg = rowArg[w + o]; }
            }
            if (o < hw - w) {
                float v = rowMax[w + w + o];
                if (v > max || v != v) { max = v; arg = rowArg[w + w + o]; }
            }
            y[yOff + o] = max;
            argmax[yOff + o] = (int) arg;
        }
    }

    public static void maxPool2dBackward(PoolGeometry g, float[] gy, int[] argmax, float[] gx) {
        check(g, gx.length, gy.length);
        int outPlane = g.outHeight() * g.outWidth(), hw = g.height() * g.width();
        Parallel.forEach(g.batch() * g.channels(), (long) g.inputSize() + g.outputSize(), plane -> {
            int xPlane = plane * hw;
            Arrays.fill(gx, xPlane, xPlane + hw, 0f);
            for (int o = plane * outPlane, end = o + outPlane; o < end; o++) gx[xPlane + argmax[o]] += gy[o];
        });
    }

    public static void avgPool2dForward(PoolGeometry g, float[] x, float[] y) {
        check(g, x.length, y.length);
        int oh = g.outHeight(), ow = g.outWidth(), w = g.width(), hw = g.height() * w;
        float scale = 1f / (g.kernelH() * g.kernelW());
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    float sum = 0;
                    for (int ih = hFrom; ih < hTo; ih++)
                        for (int i = xPlane + ih * w + wFrom, end = xPlane + ih * w + wTo; i < end; i++) sum += x[i];
                    y[(plane * oh + r) * ow + s] = sum * scale;
                }
            }
        });
    }

    public static void avgPool2dBackward(PoolGeometry g, float[] gy, float[] gx) {
        check(g, gx.length, gy.length);
        int oh = g.outHeight(), ow = g.outWidth(), w = g.width(), hw = g.height() * w;
        float scale = 1f / (g.kernelH() * g.kernelW());
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            Arrays.fill(gx, xPlane, xPlane + hw, 0f);
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    float share = gy[(plane * oh + r) * ow + s] * scale;
                    for (int ih = hFrom; ih < hTo; ih++)
                        for (int i = xPlane + ih * w + wFrom, end = xPlane + ih * w + wTo; i < end; i++) gx[i] += share;
                }
            }
        });
    }

    private static void check(PoolGeometry g, int inputLength, int outputLength) {
        if (inputLength < g.inputSize() || outputLength < g.outputSize())
            throw new IllegalArgumentException("pool2d: arrays of " + inputLength + " and " + outputLength
                    + " elements are too small for " + g);
    }
}
