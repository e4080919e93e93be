/*
Fused optimizer updates over a contiguous float32 parameter, one launch per parameter instead of
the half-dozen elementwise launches the composed NDArray version takes. The math is exactly the
composed version's, op by op, each rounded to float (the __f*_rn intrinsics are never contracted
into an fma), so the result is bit-identical to ionas.nn.optim.SGD / Adam on the CPU:
  - sgd_f32 (PyTorch's SGD, dampening 0, no Nesterov; SGD.java):
        g = grad + w * wd;   v = first ? g : v * momentum + g   (momentum != 0);   w = w - g' * lr
    where g' = v with momentum, g without.
  - adam_f32 (PyTorch's Adam with L2 weight decay, not AdamW; Adam.java):
        g = grad + w * wd;   m = m * b1 + g * (1 - b1);   v = v * b2 + (g * g) * (1 - b2);
        w = w - (m / (sqrt(v / c2) + eps)) * (lr / c1),   c1 = 1 - b1^t, c2 = 1 - b2^t
    On the first step Adam.java starts m and v as g * (1 - b1) and g^2 * (1 - b2): the caller
    passes zeroed m and v, and 0 * b + x == x exactly, so the result is the same.
The scalars arrive as float, rounded on the host from the doubles the Java code uses
((float) wd, (float) (1 - b1), (float) (lr / c1), ...), as NDArray.full rounds a scalar operand.
The weight-decay term is skipped when wd == 0, as the Java code skips it (g = grad exactly).
float32 only.

No tiling: one thread per element, grid-stride; the updates read 2-4 arrays and write 2-3, and are
memory bound.
*/

#include <cuda_runtime.h>

// ----------------------------------------------------------------------------
// sgd: w, v updated in place. momentum == 0: v is not touched (may be null). first != 0 on
// the step that creates the momentum buffer.
//
// launch: block = 256, grid = min(ceil(n / 256), 65535), grid-stride loop
//
// reference:
//     for (long i = 0; i < n; i++) {
//         float g = wd != 0 ? grad[i] + w[i] * wd : grad[i];
//         if (momentum != 0) { v[i] = first ? g : v[i] * momentum + g; g = v[i]; }
//         w[i] = w[i] - g * lr;
//     }

extern "C" __global__ void sgd_f32(float* w, const float* grad, float* v, long long n, float lr, float momentum,
                                   float wd, int first) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float wi = w[i];
        float g = wd != 0.0f ? __fadd_rn(grad[i], __fmul_rn(wi, wd)) : grad[i];
        if (momentum != 0.0f) {
            float vi = first ? g : __fadd_rn(__fmul_rn(v[i], momentum), g);
            v[i] = vi;
            g = vi;
        }
        w[i] = __fsub_rn(wi, __fmul_rn(g, lr));
    }
}

// ----------------------------------------------------------------------------
// adam: w, m, v updated in place. oneMinusB1 = (float) (1 - b1), oneMinusB2 = (float) (1 - b2),
// c2 = (float) (1 - b2^t), stepSize = (float) (lr / (1 - b1^t)), t the 1-based step.
//
// launch: block = 256, grid = min(ceil(n / 256), 65535), grid-stride loop
//
// reference:
//     for (long i = 0; i < n; i++) {
//         float g = wd != 0 ? grad[i] + w[i] * wd : grad[i];
//         m[i] = m[i] * b1 + g * oneMinusB1;
//         v[i] = v[i] * b2 + (g * g) * oneMinusB2;
//         w[i] = w[i] - (m[i] / (sqrtf(v[i] / c2) + eps)) * stepSize;
//     }

extern "C" __global__ void adam_f32(float* w, const float* grad, float* m, float* v, long long n,
                                    float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float wd,
                                    float c2, float stepSize) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float wi = w[i];
        float g = wd != 0.0f ? __fadd_rn(grad[i], __fmul_rn(wi, wd)) : grad[i];
        float mi = __fadd_rn(__fmul_rn(m[i], b1), __fmul_rn(g, oneMinusB1));
        float vi = __fadd_rn(__fmul_rn(v[i], b2), __fmul_rn(__fmul_rn(g, g), oneMinusB2));
        m[i] = mi;
        v[i] = vi;
        float denom = __fadd_rn(__fsqrt_rn(__fdiv_rn(vi, c2)), eps);
        w[i] = __fsub_rn(wi, __fmul_rn(__fdiv_rn(mi, denom), stepSize));
    }
}
