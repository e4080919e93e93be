package ionas.kernels.cuda;

import static ionas.kernels.cuda.CudaKernels.floats;
import static ionas.kernels.cuda.CudaKernels.ints;
import static ionas.kernels.cuda.CudaKernels.longs;
import static ionas.kernels.cuda.CudaKernels.ptr;
import static ionas.kernels.cuda.CudaKernels.randoms;
import static ionas.kernels.cuda.CudaKernels.strideGrid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * optim.cu's fused SGD and Adam against the float arithmetic of ionas.nn.optim.SGD / Adam, written
 * out op by op here (the kernels module cannot see nn): each NDArray op is one float operation
 * with its scalar rounded to float, so the kernels must agree bit for bit. Skipped without a GPU.
 */
class CudaOptimKernelsTest {
    @RegisterExtension
    static final GpuModule GPU = new GpuModule("optim");

    private static CudaKernels k() {
        return GPU.kernels();
    }
    private static final int N = 10_007;

    @Test
    void sgdWithMomentumAndWeightDecayMatchesSgdJava() {
        double lr = 0.1, momentum = 0.9, wd = 5e-4;
        float[] w = randoms(N, 1, -1, 1), v = new float[N];
        CUdeviceptr dw = k().upload(w), dv = k().alloc(N);
        for (int step = 0; step < 3; step++) {
            float[] grad = randoms(N, 10 + step, -1, 1);
            for (int i = 0; i < N; i++) {
                float g = grad[i] + w[i] * (float) wd;                       // grad.add(w.mul(wd))
                v[i] = step == 0 ? g : v[i] * (float) momentum + g;          // v.mul(momentum).add(g)
                w[i] = w[i] - v[i] * (float) lr;                             // w.sub(v.mul(lr))
            }
            k().launch("sgd_f32", strideGrid(N), 256, ptr(dw), ptr(k().upload(grad)), ptr(dv), longs(N), floats((float) lr),
                    floats((float) momentum), floats((float) wd), ints(step == 0 ? 1 : 0));
            assertArrayEquals(w, k().download(dw, N), "w after step " + step);
            assertArrayEquals(v, k().download(dv, N), "momentum buffer after step " + step);
        }
    }

    @Test
    void adamMatchesAdamJava() {
        double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 1e-4;
        float[] w = randoms(N, 2, -1, 1), m = new float[N], v = new float[N];
        CUdeviceptr dw = k().upload(w), dm = k().upload(new float[N]), dv = k().upload(new float[N]);
        for (int t = 1; t <= 3; t++) {
            float[] grad = randoms(N, 20 + t, -1, 1);
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < N; i++) {
                float g = grad[i] + w[i] * (float) wd;
                m[i] = t == 1 ? g * (float) (1 - b1) : m[i] * (float) b1 + g * (float) (1 - b1);
                v[i] = t == 1 ? (g * g) * (float) (1 - b2) : v[i] * (float) b2 + (g * g) * (float) (1 - b2);
                float denom = (float) Math.sqrt(v[i] / (float) c2) + (float) eps;   // vi.div(c2).sqrt().add(eps)
                w[i] = w[i] - (m[i] / denom) * (float) (lr / c1);                 // w.sub(mi.div(denom).mul(lr / c1))
            }
            k().launch("adam_f32", strideGrid(N), 256, ptr(dw), ptr(k().upload(grad)), ptr(dm), ptr(dv), longs(N),
                    floats((float) b1), floats((float) (1 - b1)), floats((float) b2), floats((float) (1 - b2)),
                    floats((float) eps), floats((float) wd), floats((float) c2), floats((float) (lr / c1)));
            assertArrayEquals(w, k().download(dw, N), "w after step " + t);
            assertArrayEquals(m, k().download(dm, N), "m after step " + t);
            assertArrayEquals(v, k().download(dv, N), "v after step " + t);
        }
    }
}
