package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.pool;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static ionas.kernels.cuda.CudaKernels.strideGrid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ionas.kernels.geometry.PoolGeometry;
import ionas.kernels.cpu.PoolKernels;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** pool.cu against PoolKernels, bit for bit (same comparisons, same order of additions). Skipped without a GPU. */
class CudaPoolKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("pool");

    private static CudaKernels k() {
        return GPU.kernels();
    }

    private static Pointer geometry(PoolGeometry g) {
        return pool(g.batch() * g.channels(), g.height(), g.width(), g.outHeight(), g.outWidth(), g.kernelH(), g.kernelW(),
                g.strideH(), g.strideW(), g.padH(), g.padW());
    }

    @Test
    void maxAndAveragePoolingMatchTheCpu() {
        PoolGeometry[] geometries = {
            new PoolGeometry(2, 3, 8, 8, 3, 3, 1, 1, 1, 1),   // NAS-Bench-101's maxpool3x3 (the CPU's separable path)
            new PoolGeometry(2, 3, 9, 10, 2, 2, 2, 2, 0, 0),  // 2x2 / 2 (the CPU's vector path), odd sizes
            new PoolGeometry(1, 4, 11, 7, 3, 2, 2, 3, 1, 1),  // generic: uneven kernel, stride and padding
            new PoolGeometry(3, 2, 5, 5, 5, 5, 1, 1, 2, 2),
        };
        for (PoolGeometry g : geometries) {
            int in = g.inputSize(), out = g.outputSize();
            float[] x = randoms(in, in, -1, 1);
            for (int i = 0; i < in; i += 7) x[i] = Math.round(x[i]);   // ties: the first maximum wins
            x[in / 3] = Float.NaN;
            float[] gy = randoms(out, out + 1, -1, 1);
            CUdeviceptr dx = k().upload(x), dgy = k().upload(gy), dy = k().alloc(out), darg = k().alloc(out), dgx = k().alloc(in);

            float[] y = new float[out];
            int[] arg = new int[out];
            PoolKernels.maxPool2dForward(g, x, y, arg);
            k().launch("maxpool2d_fwd_f32", strideGrid(out), 256, ptr(dy), ptr(darg), ptr(dx), geometry(g));
            assertArrayEquals(y, k().download(dy, out), "max forward " + g);
            assertArrayEquals(arg, k().downloadInts(darg, out), "argmax " + g);

            float[] gx = new float[in];
            PoolKernels.maxPool2dBackward(g, gy, arg, gx);
            k().launch("maxpool2d_bwd_f32", strideGrid(in), 256, ptr(dgx), ptr(dgy), ptr(darg), geometry(g));
            assertArrayEquals(gx, k().download(dgx, in), "max backward " + g);

            PoolKernels.avgPool2dForward(g, x, y);
            k().launch("avgpool2d_fwd_f32", strideGrid(out), 256, ptr(dy), ptr(dx), geometry(g));
            assertArrayEquals(y, k().download(dy, out), "avg forward " + g);

            PoolKernels.avgPool2dBackward(g, gy, gx);
            k().launch("avgpool2d_bwd_f32", strideGrid(in), 256, ptr(dgx), ptr(dgy), geometry(g));
            assertArrayEquals(gx, k().download(dgx, in), "avg backward " + g);
        }
    }
}
