package ionas.kernels.cpu;

import java.util.Arrays;

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
        int oh = g.outHeight(), ow = g.outWidth(), w = g.width(), hw = g.height() * w;
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            for (int r = 0; r < oh; r++) {
                int h0 = r * g.strideH() - g.padH();
                int hFrom = Math.max(h0, 0), hTo = Math.min(h0 + g.kernelH(), g.height());
                for (int s = 0; s < ow; s++) {
                    int w0 = s * g.strideW() - g.padW();
                    int wFrom = Math.max(w0, 0), wTo = Math.min(w0 + g.kernelW(), w);
                    int best = hFrom * w + wFrom;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int ih = hFrom; ih < hTo; ih++) {
                        for (int i = ih * w + wFrom, end = ih * w + wTo; i < end; i++) {
                            float v = x[xPlane + i];
                            // Strictly greater: the first of equal maxima wins. A NaN always wins.
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
        });
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
                int h0 = r * g.strideH() - g.padH();
                int hFrom = Math.max(h0, 0), hTo = Math.min(h0 + g.kernelH(), g.height());
                for (int s = 0; s < ow; s++) {
                    int w0 = s * g.strideW() - g.padW();
                    int wFrom = Math.max(w0, 0), wTo = Math.min(w0 + g.kernelW(), w);
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
                int h0 = r * g.strideH() - g.padH();
                int hFrom = Math.max(h0, 0), hTo = Math.min(h0 + g.kernelH(), g.height());
                for (int s = 0; s < ow; s++) {
                    int w0 = s * g.strideW() - g.padW();
                    int wFrom = Math.max(w0, 0), wTo = Math.min(w0 + g.kernelW(), w);
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
