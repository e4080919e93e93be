package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.assertNear;
import static ionas.kernels.cuda.CudaKernels.ints;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static ionas.kernels.cuda.CudaKernels.strideGrid;

import ionas.kernels.cpu.BatchNormKernels;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** norm.cu against BatchNormKernels (stats, affine, backward in training and evaluation). Skipped without a GPU. */
class CudaNormKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("norm");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    @Test
    void batchNormMatchesTheCpu() {
        int[][] shapes = {{8, 16, 64}, {32, 5, 1}, {3, 7, 1000}};
        for (int[] s : shapes) {
            int n = s[0], c = s[1], l = s[2], size = n * c * l;
            String at = n + "x" + c + "x" + l;
            float[] x = randoms(size, size, -2, 6);   // a mean far from 0: the two-pass variance matters
            float[] g = randoms(size, size + 1, -1, 1);
            CUdeviceptr dx = k().upload(x), dg = k().upload(g);

            float[] mean = new float[c], var = new float[c];
            BatchNormKernels.stats(x, n, c, l, mean, var);
            CUdeviceptr dmean = k().alloc(c), dvar = k().alloc(c);
            k().launch("bn_stats_f32", c, 256, ptr(dmean), ptr(dvar), ptr(dx), ints(n), ints(c), ints(l));
            float[] gotMean = k().download(dmean, c), gotVar = k().download(dvar, c);
            for (int ch = 0; ch < c; ch++) {
                assertNear(mean[ch], gotMean[ch], 1e-6, 1e-7, "mean " + at + " ch " + ch);
                assertNear(var[ch], gotVar[ch], 1e-6, 1e-7, "var " + at + " ch " + ch);
            }

            float[] scale = randoms(c, 11, 0.5, 2), shift = randoms(c, 12, -1, 1);
            for (int relu = 0; relu <= 1; relu++) {
                float[] y = new float[size];
                BatchNormKernels.affine(x, n, c, l, scale, shift, relu == 1, y);
                CUdeviceptr dy = k().alloc(size);
                k().launch("bn_affine_f32", strideGrid(size), 256, ptr(dy), ptr(dx), ptr(k().upload(scale)), ptr(k().upload(shift)),
                        ints(n), ints(c), ints(l), ints(relu));
                float[] gotY = k().download(dy, size);
                for (int i = 0; i < size; i++) assertNear(y[i], gotY[i], 1e-6, 1e-6, "affine " + at + " relu=" + relu + " at " + i);
            }
            float[] reluOut = randoms(size, size + 2, -1, 1); // a mask for the fused ReLU's backward (its positive entries)
            CUdeviceptr dmask = k().upload(reluOut);

            float[] invstd = new float[c], gamma = randoms(c, 13, 0.5, 1.5);
            for (int ch = 0; ch < c; ch++) invstd[ch] = (float) (1 / Math.sqrt(var[ch] + 1e-5));
            CUdeviceptr dinv = k().upload(invstd), dgamma = k().upload(gamma), dmeanCpu = k().upload(mean);
            for (int training = 0; training <= 1; training++) for (boolean relu : new boolean[] {false, true}) {
                float[] wantDx = new float[size], wantDgamma = new float[c], wantDbeta = new float[c];
                BatchNormKernels.backward(g, relu ? reluOut : null, x, n, c, l, mean, invstd, gamma, training == 1, wantDx, wantDgamma,
                        wantDbeta);
                CUdeviceptr ddx = k().alloc(size), ddgamma = k().alloc(c), ddbeta = k().alloc(c);
                k().launch("bn_backward_f32", c, 256, ptr(ddx), ptr(ddgamma), ptr(ddbeta), ptr(dg), ptr(relu ? dmask : new CUdeviceptr()),
                        ptr(dx), ptr(dmeanCpu), ptr(dinv), ptr(dgamma), ints(n), ints(c), ints(l), ints(training));
                float[] gotDx = k().download(ddx, size), gotDgamma = k().download(ddgamma, c), gotDbeta = k().download(ddbeta, c);
                for (int ch = 0; ch < c; ch++) {
                    assertNear(wantDbeta[ch], gotDbeta[ch], 1e-5, 1e-5, "dbeta " + at + " training=" + training);
                    assertNear(wantDgamma[ch], gotDgamma[ch], 1e-5, 1e-5, "dgamma " + at + " training=" + training);
                }
                for (int i = 0; i < size; i++) assertNear(wantDx[i], gotDx[i], 1e-4, 1e-6, "dx " + at + " training=" + training + " at " + i);
            }
        }
    }
}
