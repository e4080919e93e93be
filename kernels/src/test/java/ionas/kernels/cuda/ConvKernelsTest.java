package ionas.kernels.cuda;

import static ionas.kernels.cuda.GemmKernelsTest.abs;
import static ionas.kernels.cuda.GemmKernelsTest.ceilDiv;
import static ionas.kernels.cuda.GemmKernelsTest.randoms;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.kernels.cpu.Conv2dKernels;
import ionas.kernels.geometry.ConvGeometry;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conv.cu (implicit-GEMM conv2d forward, backward-input, backward-weight; FP32 and TF32) on a GPU
 * against {@link Conv2dKernels}, on geometries with odd sizes, padding, strides, 1x1 and
 * non-square kernels, batch 1 and 3. Tolerance as in {@link GemmKernelsTest}: tol times the same
 * pass over |x| and |w|. Skipped without a GPU.
 */
class ConvKernelsTest {

    /** batch, C, H, W, F, KH, KW, sh, sw, ph, pw */
    private static final int[][] GEOMETRIES = {
        {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
        {3, 3, 13, 11, 5, 3, 3, 1, 1, 1, 1},
        {3, 4, 17, 9, 7, 3, 2, 2, 1, 1, 0},
        {2, 16, 8, 8, 130, 1, 1, 1, 1, 0, 0},
        {3, 5, 15, 15, 6, 5, 5, 2, 2, 2, 2},
        {2, 9, 12, 10, 33, 3, 3, 3, 2, 0, 1},
        {1, 130, 6, 7, 3, 2, 3, 1, 1, 1, 2},
        {4, 8, 32, 32, 16, 3, 3, 1, 1, 1, 1},
    };

    @RegisterExtension
    static final GpuModule GPU = new GpuModule("conv");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    @Test
    void forwardMatchesCpu() {
        for (String prec : new String[] {"f32", "tf32"}) {
            long seed = 1;
            for (int[] s : GEOMETRIES) {
                ConvGeometry g = geometry(s);
                float[] x = randoms(g.inputSize(), seed++), w = randoms(g.weightSize(), seed++);
                float[] want = new float[g.outputSize()], bound = new float[g.outputSize()];
                Conv2dKernels.forward(g, x, w, want);
                Conv2dKernels.forward(g, abs(x), abs(w), bound);
                float[] got = forward(prec, g, x, w);
                assertClose(want, got, bound, tol(prec), "conv2d_forward_" + prec + " " + g);
            }
        }
    }

    @Test
    void backwardInputMatchesCpu() {
        for (String prec : new String[] {"f32", "tf32"}) {
            long seed = 100;
            for (int[] s : GEOMETRIES) {
                ConvGeometry g = geometry(s);
                float[] gy = randoms(g.outputSize(), seed++), w = randoms(g.weightSize(), seed++);
                float[] want = new float[g.inputSize()], bound = new float[g.inputSize()];
                Conv2dKernels.backwardInput(g, gy, w, want);
                Conv2dKernels.backwardInput(g, abs(gy), abs(w), bound);
                float[] got = backwardInput(prec, g, gy, w);
                assertClose(want, got, bound, tol(prec), "conv2d_backward_input_" + prec + " " + g);
            }
        }
    }

    @Test
    void backwardWeightMatchesCpuForAnySplit() {
        for (String prec : new String[] {"f32", "tf32"}) {
            long seed = 200;
            for (int[] s : GEOMETRIES) {
                ConvGeometry g = geometry(s);
                float[] x = randoms(g.inputSize(), seed++), gy = randoms(g.outputSize(), seed++);
                float[] want = new float[g.weightSize()], bound = new float[g.weightSize()];
                Conv2dKernels.backwardWeight(g, x, gy, want);
                Conv2dKernels.backwardWeight(g, abs(x), abs(gy), bound);
                for (int splits : new int[] {1, 3, 64}) {
                    float[] got = backwardWeight(prec, g, x, gy, splits);
                    assertClose(want, got, bound, tol(prec), "conv2d_backward_weight_" + prec + " splits " + splits + " " + g);
                }
            }
        }
    }

    /** No atomics, fixed summation order: the same call gives the same bits. */
    @Test
    void resultsRepeatBitForBit() {
        ConvGeometry g = geometry(GEOMETRIES[7]);
        float[] x = randoms(g.inputSize(), 7), w = randoms(g.weightSize(), 8), gy = randoms(g.outputSize(), 9);
        for (String prec : new String[] {"f32", "tf32"}) {
            assertArrayEquals(forward(prec, g, x, w), forward(prec, g, x, w));
            assertArrayEquals(backwardInput(prec, g, gy, w), backwardInput(prec, g, gy, w));
            assertArrayEquals(backwardWeight(prec, g, x, gy, 5), backwardWeight(prec, g, x, gy, 5));
        }
    }

    private static float tol(String prec) {
        return prec.equals("tf32") ? GemmKernelsTest.TF32_TOL : GemmKernelsTest.F32_TOL;
    }

    private static ConvGeometry geometry(int[] s) {
        return new ConvGeometry(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10]);
    }

    private static int threads(String prec) {
        return prec.equals("tf32") ? 128 : 256;
    }

    private static Pointer[] withGeometry(ConvGeometry g, Pointer... first) {
        int[] v = {g.batch(), g.inChannels(), g.height(), g.width(), g.outChannels(), g.kernelH(), g.kernelW(),
                g.strideH(), g.strideW(), g.padH(), g.padW()};
        Pointer[] all = new Pointer[first.length + v.length];
        System.arraycopy(first, 0, all, 0, first.length);
        for (int i = 0; i < v.length; i++) all[first.length + i] = Pointer.to(new int[] {v[i]});
        return all;
    }

    private static float[] forward(String prec, ConvGeometry g, float[] x, float[] w) {
        CUdeviceptr dy = k().upload(nanFilled(g.outputSize()));
        int rows = g.batch() * g.outHeight() * g.outWidth();
        k().launch3d("conv2d_forward_" + prec, ceilDiv(rows, 128), ceilDiv(g.outChannels(), 128), 1, threads(prec),
                withGeometry(g, Pointer.to(k().upload(x)), Pointer.to(k().upload(w)), Pointer.to(dy)));
        float[] got = k().download(dy, g.outputSize());
        k().freeAll();
        return got;
    }

    private static float[] backwardInput(String prec, ConvGeometry g, float[] gy, float[] w) {
        CUdeviceptr dgx = k().upload(nanFilled(g.inputSize()));
        int rows = g.batch() * g.height() * g.width();
        k().launch3d("conv2d_backward_input_" + prec, ceilDiv(rows, 128), ceilDiv(g.inChannels(), 128), 1, threads(prec),
                withGeometry(g, Pointer.to(k().upload(gy)), Pointer.to(k().upload(w)), Pointer.to(dgx)));
        float[] got = k().download(dgx, g.inputSize());
        k().freeAll();
        return got;
    }

    private static float[] backwardWeight(String prec, ConvGeometry g, float[] x, float[] gy, int splits) {
        int count = g.weightSize();
        CUdeviceptr dgw = k().upload(nanFilled(count));
        CUdeviceptr out = splits == 1 ? dgw : k().upload(nanFilled(splits * count));
        int cols = g.inChannels() * g.kernelH() * g.kernelW();
        k().launch3d("conv2d_backward_weight_" + prec, ceilDiv(g.outChannels(), 128), ceilDiv(cols, 128), splits, threads(prec),
                withGeometry(g, Pointer.to(k().upload(x)), Pointer.to(k().upload(gy)), Pointer.to(out),
                        Pointer.to(new int[] {splits})));
        if (splits > 1)
            k().launch3d("conv2d_splitk_reduce_f32", ceilDiv(count, 256), 1, 1, 256,
                    Pointer.to(dgw), Pointer.to(out), Pointer.to(new int[] {splits}), Pointer.to(new int[] {count}));
        float[] got = k().download(dgw, count);
        k().freeAll();
        return got;
    }

    /** Outputs start as NaN, so an element the kernel forgets to write fails the comparison. */
    private static float[] nanFilled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static void assertClose(float[] want, float[] got, float[] bound, float tol, String what) {
        for (int i = 0; i < want.length; i++) {
            double err = tol * bound[i] + 1e-30;
            assertTrue(Math.abs(got[i] - want[i]) <= err, what + ": [" + i + "] = " + got[i] + ", want " + want[i] + " +- " + err);
        }
    }
}
