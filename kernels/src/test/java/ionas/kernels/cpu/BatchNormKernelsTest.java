package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The float batch-norm kernels against the double reference loops, on awkward sizes. */
class BatchNormKernelsTest {
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,1", "4,3,7", "2,2,33", "5,4,256"})
    void floatKernelsMatchTheReference(int n, int c, int l) {
        Random r = new Random(n * 100 + c * 10 + l);
        int size = n * c * l;
        float[] x = new float[size], g = new float[size];
        double[] xd = new double[size], gd = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (3 + 2 * r.nextGaussian()); // an offset mean tests the two-pass variance
            g[i] = (float) r.nextGaussian();
            xd[i] = x[i];
            gd[i] = g[i];
        }
        float[] mean = new float[c], var = new float[c];
        double[] meanD = new double[c], varD = new double[c];
        BatchNormKernels.stats(x, n, c, l, mean, var);
        BatchNormKernels.stats(xd, n, c, l, meanD, varD);
        float[] invstd = new float[c], gamma = new float[c], scale = new float[c], shift = new float[c];
        double[] invstdD = new double[c], gammaD = new double[c], scaleD = new double[c], shiftD = new double[c];
        for (int ch = 0; ch < c; ch++) {
            assertEquals(meanD[ch], mean[ch], 1e-5 * Math.max(1, Math.abs(meanD[ch])), "mean");
            assertEquals(varD[ch], var[ch], 1e-5 * Math.max(1, varD[ch]), "var");
            invstdD[ch] = 1 / Math.sqrt(varD[ch] + 1e-5);
            invstd[ch] = (float) invstdD[ch];
            gammaD[ch] = gamma[ch] = 0.5f + ch;
            scaleD[ch] = scale[ch] = (float) (gammaD[ch] * invstdD[ch]);
            shiftD[ch] = shift[ch] = (float) (0.1 * ch - meanD[ch] * scaleD[ch]);
        }
        float[] y = new float[size];
        double[] yd = new double[size];
        BatchNormKernels.affine(x, n, c, l, scale, shift, false, y);
        BatchNormKernels.affine(xd, n, c, l, scaleD, shiftD, false, yd);
        for (int i = 0; i < size; i++) assertEquals(yd[i], y[i], 1e-5 * Math.max(1, Math.abs(yd[i])), "affine at " + i);
        for (boolean training : new boolean[] {true, false}) {
            float[] dx = new float[size], dgamma = new float[c], dbeta = new float[c];
            double[] dxD = new double[size], dgammaD = new double[c], dbetaD = new double[c];
            BatchNormKernels.backward(g, null, x, n, c, l, mean, invstd, gamma, training, dx, dgamma, dbeta);
            BatchNormKernels.backward(gd, null, xd, n, c, l, meanD, invstdD, gammaD, training, dxD, dgammaD, dbetaD);
            double tol = 1e-4 * Math.sqrt(n * l);
            for (int i = 0; i < size; i++) assertEquals(dxD[i], dx[i], tol * Math.max(1, Math.abs(dxD[i])), "dx at " + i);
            for (int ch = 0; ch < c; ch++) {
                assertEquals(dgammaD[ch], dgamma[ch], tol * Math.max(1, Math.abs(dgammaD[ch])), "dgamma");
                assertEquals(dbetaD[ch], dbeta[ch], tol * Math.max(1, Math.abs(dbetaD[ch])), "dbeta");
            }
        }
    }

    /** Every element is x * scale + shift rounded once (an fma), in the vector lanes and in the tail alike. */
    @Test
    void affineRoundsOnceInLanesAndTail() {
        int n = 2, c = 3, l = 37; // 37 = two or more vectors and a tail at any width
        Random r = new Random(5);
        float[] x = new float[n * c * l], y = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] scale = {0.3f, -1.7f, 1e-3f}, shift = {0.1f, 2.5f, -7f};
        BatchNormKernels.affine(x, n, c, l, scale, shift, false, y);
        for (int i = 0; i < x.length; i++) {
            int ch = i / l % c;
            assertEquals(Float.floatToIntBits(Math.fma(x[i], scale[ch], shift[ch])), Float.floatToIntBits(y[i]), "element " + i);
        }
    }

    /**
     * The fused ReLU is the separate ops bit for bit, in the lanes and the tail: the affine then
     * ElementwiseKernels' RELU, and the backward with the mask is the backward of g * (y > 0), with
     * zeros of both signs, NaN and infinities among the values (float and the double reference).
     */
    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,1", "2,3,37", "1,17,9"})
    void fusedReluIsTheSeparateOpsBitForBit(int n, int c, int l) {
        Random r = new Random(c * 31 + l);
        int size = n * c * l;
        float[] x = new float[size], g = new float[size], scale = new float[c], shift = new float[c];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
            g[i] = (float) r.nextGaussian();
        }
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-40f, -1e-40f};
        for (int i = 0; i < Math.min(size, special.length); i++) {
            x[size - 1 - i] = special[i];
            g[i] = special[special.length - 1 - i];
        }
        for (int ch = 0; ch < c; ch++) {
            scale[ch] = ch % 3 == 2 ? 0f : (float) r.nextGaussian(); // scale 0: an output of +-0 everywhere
            shift[ch] = ch % 3 == 2 ? -0f : (float) r.nextGaussian();
        }
        float[] affine = new float[size], fused = new float[size], relu = new float[size];
        BatchNormKernels.affine(x, n, c, l, scale, shift, false, affine);
        BatchNormKernels.affine(x, n, c, l, scale, shift, true, fused);
        ElementwiseKernels.unary(ionas.kernels.UnaryOp.RELU, affine, 0, 1, relu, 0, size);
        assertSameBits(relu, fused, "forward");

        float[] masked = new float[size], mean = new float[c], invstd = new float[c], gamma = new float[c];
        for (int i = 0; i < size; i++) masked[i] = g[i] * (fused[i] > 0 ? 1f : 0f); // relu's backward, g.mul(y.gt(0))
        for (int ch = 0; ch < c; ch++) {
            mean[ch] = (float) r.nextGaussian();
            invstd[ch] = 0.5f + r.nextFloat();
            gamma[ch] = (float) r.nextGaussian();
        }
        for (boolean training : new boolean[] {true, false}) {
            float[][] want = {new float[size], new float[c], new float[c]}, got = {new float[size], new float[c], new float[c]};
            BatchNormKernels.backward(masked, null, x, n, c, l, mean, invstd, gamma, training, want[0], want[1], want[2]);
            BatchNormKernels.backward(g, fused, x, n, c, l, mean, invstd, gamma, training, got[0], got[1], got[2]);
            for (int k = 0; k < 3; k++) assertSameBits(want[k], got[k], "backward " + k + " training=" + training);

            double[] gd = new double[size], xd = new double[size], yd = new double[size], md = new double[size];
            for (int i = 0; i < size; i++) {
                gd[i] = g[i];
                xd[i] = x[i];
                yd[i] = fused[i];
                md[i] = masked[i];
            }
            double[] meanD = new double[c], invstdD = new double[c], gammaD = new double[c];
            for (int ch = 0; ch < c; ch++) {
                meanD[ch] = mean[ch];
                invstdD[ch] = invstd[ch];
                gammaD[ch] = gamma[ch];
            }
            double[][] wantD = {new double[size], new double[c], new double[c]}, gotD = {new double[size], new double[c], new double[c]};
            BatchNormKernels.backward(md, null, xd, n, c, l, meanD, invstdD, gammaD, training, wantD[0], wantD[1], wantD[2]);
            BatchNormKernels.backward(gd, yd, xd, n, c, l, meanD, invstdD, gammaD, training, gotD[0], gotD[1], gotD[2]);
            for (int k = 0; k < 3; k++)
                for (int i = 0; i < wantD[k].length; i++)
                    assertEquals(Double.doubleToLongBits(wantD[k][i]), Double.doubleToLongBits(gotD[k][i]), "double backward " + k + " at " + i);
        }
    }

    /** Raw bits, the sign of zero included; any NaN matches any NaN. */
    private static void assertSameBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++)
            assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), what + " at " + i + ": want " + want[i] + ", got " + got[i]);
    }
}
