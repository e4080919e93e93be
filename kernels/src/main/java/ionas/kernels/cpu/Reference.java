package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import java.util.Arrays;

/**
 * Plain double-precision loops: the definition of each kernel's math, the oracle the fast float
 * kernels are tested against, and the float64 path of the CPU backend.
 *
 * <p>Everything is row-major and NCHW. The loops are ordered so that the innermost one walks
 * memory contiguously, and the outermost independent dimension (image, output channel or plane)
 * is spread over threads; apart from that there are no tricks.
 */
public final class Reference {
    private Reference() {}

    // ---------------------------------------------------------------- gemm

    /**
     * C = op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) is k x n.
     *
     * <p>Without transA, A(i,p) = a[aOff + i*lda + p]; with it, A is stored k x m and
     * A(i,p) = a[aOff + p*lda + i]. The same holds for B. When beta is 0, C is overwritten, so
     * whatever it held before (even NaN) does not leak into the result.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        // Rows of C are independent, so they are spread over threads.
        Parallel.forEach(m, (long) m * n * k, i -> {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[ci + j] = beta == 0 ? 0 : beta * c[ci + j];
            if (!transB) {
                // i-p-j order: the inner loop runs along a row of B and a row of C.
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
                }
            } else {
                // B is stored n x k, so column j of op(B) is contiguous: i-j-p order, a dot product.
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        sum += aip * b[bj + p];
                    }
                    c[ci + j] += sum;
                }
            }
        });
    }

    // ---------------------------------------------------------------- conv2d

    /** y[n,f,oh,ow] = sum over c,kh,kw of x[n,c,oh*sh-ph+kh, ow*sw-pw+kw] * w[f,c,kh,kw], zero padding. */
    public static void conv2dForward(ConvGeometry g, double[] x, double[] w, double[] y) {
        int oh = g.outHeight(), ow = g.outWidth();
        Parallel.forEach(g.batch(), (long) g.outputSize() * g.inChannels() * g.kernelH() * g.kernelW(), n -> {
            for (int f = 0; f < g.outChannels(); f++) {
                int yPlane = (n * g.outChannels() + f) * oh * ow;
                Arrays.fill(y, yPlane, yPlane + oh * ow, 0);
                for (int c = 0; c < g.inChannels(); c++) {
                    int xPlane = (n * g.inChannels() + c) * g.height() * g.width();
                    for (int kh = 0; kh < g.kernelH(); kh++) {
                        for (int kw = 0; kw < g.kernelW(); kw++) {
                            double wv = w[((f * g.inChannels() + c) * g.kernelH() + kh) * g.kernelW() + kw];
                            for (int r = 0; r < oh; r++) {
                                int ih = r * g.strideH() - g.padH() + kh;
                                if (ih < 0 || ih >= g.height()) continue;
                                for (int s = 0; s < ow; s++) {
                                    int iw = s * g.strideW() - g.padW() + kw;
                                    if (iw < 0 || iw >= g.width()) continue;
                                    y[yPlane + r * ow + s] += wv * x[xPlane + ih * g.width() + iw];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** gx = dL/dx given gy = dL/dy: every y[n,f,oh,ow] term sends w * gy back to the x it read. */
    public static void conv2dBackwardInput(ConvGeometry g, double[] gy, double[] w, double[] gx) {
        int oh = g.outHeight(), ow = g.outWidth();
        Parallel.forEach(g.batch(), (long) g.outputSize() * g.inChannels() * g.kernelH() * g.kernelW(), n -> {
            int xImage = n * g.inChannels() * g.height() * g.width();
            Arrays.fill(gx, xImage, xImage + g.inChannels() * g.height() * g.width(), 0);
            for (int f = 0; f < g.outChannels(); f++) {
                int yPlane = (n * g.outChannels() + f) * oh * ow;
                for (int c = 0; c < g.inChannels(); c++) {
                    int xPlane = xImage + c * g.height() * g.width();
                    for (int kh = 0; kh < g.kernelH(); kh++) {
                        for (int kw = 0; kw < g.kernelW(); kw++) {
                            double wv = w[((f * g.inChannels() + c) * g.kernelH() + kh) * g.kernelW() + kw];
                            for (int r = 0; r < oh; r++) {
                                int ih = r * g.strideH() - g.padH() + kh;
                                if (ih < 0 || ih >= g.height()) continue;
                                for (int s = 0; s < ow; s++) {
                                    int iw = s * g.strideW() - g.padW() + kw;
                                    if (iw < 0 || iw >= g.width()) continue;
                                    gx[xPlane + ih * g.width() + iw] += wv * gy[yPlane + r * ow + s];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** gw = dL/dw given x and gy, summed over the batch; gw is overwritten, not accumulated into. */
    public static void conv2dBackwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) {
        int oh = g.outHeight(), ow = g.outWidth();
        int perFilter = g.inChannels() * g.kernelH() * g.kernelW();
        Parallel.forEach(g.outChannels(), (long) g.outputSize() * perFilter, f -> {
            for (int c = 0; c < g.inChannels(); c++) {
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    for (int kw = 0; kw < g.kernelW(); kw++) {
                        double sum = 0;
                        for (int n = 0; n < g.batch(); n++) {
                            int xPlane = (n * g.inChannels() + c) * g.height() * g.width();
                            int yPlane = (n * g.outChannels() + f) * oh * ow;
                            for (int r = 0; r < oh; r++) {
                                int ih = r * g.strideH() - g.padH() + kh;
                                if (ih < 0 || ih >= g.height()) continue;
                                for (int s = 0; s < ow; s++) {
                                    int iw = s * g.strideW() - g.padW() + kw;
                                    if (iw < 0 || iw >= g.width()) continue;
                                    sum += gy[yPlane + r * ow + s] * x[xPlane + ih * g.width() + iw];
                                }
                            }
                        }
                        gw[f * perFilter + (c * g.kernelH() + kh) * g.kernelW() + kw] = sum;
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- pooling

    /**
     * PyTorch's MaxPool2d: padding counts as -infinity, a NaN in the window wins (it propagates),
     * and among equal maxima the first in row-major order wins. argmax[o] is the flat index
     * ih*W+iw of the chosen input inside its own (n,c) plane, like PyTorch's return_indices.
     */
    public static void maxPool2dForward(PoolGeometry g, double[] x, double[] y, int[] argmax) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.height() * g.width();
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    // Start from the first real input, so a window of -infinity still has an argmax.
                    int best = hFrom * g.width() + wFrom;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int ih = hFrom; ih < hTo; ih++) {
                        for (int iw = wFrom; iw < wTo; iw++) {
                            double v = x[xPlane + ih * g.width() + iw];
                            if (v > max || Double.isNaN(v)) {
                                max = v;
                                best = ih * g.width() + iw;
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

    /** gx = 0, then each gy goes to the input its window's maximum came from. */
    public static void maxPool2dBackward(PoolGeometry g, double[] gy, int[] argmax, double[] gx) {
        int outPlane = g.outHeight() * g.outWidth(), hw = g.height() * g.width();
        Parallel.forEach(g.batch() * g.channels(), (long) g.inputSize() + g.outputSize(), plane -> {
            Arrays.fill(gx, plane * hw, (plane + 1) * hw, 0);
            for (int o = plane * outPlane; o < (plane + 1) * outPlane; o++) gx[plane * hw + argmax[o]] += gy[o];
        });
    }

    /** PyTorch's AvgPool2d with count_include_pad=true: the sum of the window over kernelH*kernelW. */
    public static void avgPool2dForward(PoolGeometry g, double[] x, double[] y) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.height() * g.width();
        double scale = 1.0 / (g.kernelH() * g.kernelW());
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    double sum = 0;
                    for (int ih = hFrom; ih < hTo; ih++)
                        for (int iw = wFrom; iw < wTo; iw++) sum += x[xPlane + ih * g.width() + iw];
                    y[(plane * oh + r) * ow + s] = sum * scale;
                }
            }
        });
    }

    /** gx = 0, then each gy is spread evenly, gy/(kernelH*kernelW), over the real inputs of its window. */
    public static void avgPool2dBackward(PoolGeometry g, double[] gy, double[] gx) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.height() * g.width();
        double scale = 1.0 / (g.kernelH() * g.kernelW());
        Parallel.forEach(g.batch() * g.channels(), (long) g.outputSize() * g.kernelH() * g.kernelW(), plane -> {
            int xPlane = plane * hw;
            Arrays.fill(gx, xPlane, xPlane + hw, 0);
            for (int r = 0; r < oh; r++) {
                int hFrom = g.rowStart(r), hTo = g.rowEnd(r);
                for (int s = 0; s < ow; s++) {
                    int wFrom = g.colStart(s), wTo = g.colEnd(s);
                    double share = gy[(plane * oh + r) * ow + s] * scale;
                    for (int ih = hFrom; ih < hTo; ih++)
                        for (int iw = wFrom; iw < wTo; iw++) gx[xPlane + ih * g.width() + iw] += share;
                }
            }
        });
    }
}
