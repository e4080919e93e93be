/*
Elementwise smoke kernels: fill, one-argument functions (relu/neg/exp) and add, over contiguous
float32 arrays. They exist to prove the pipeline (nvcc -> PTX resource -> cuModuleLoadData ->
cuLaunchKernel) end to end; the full kernel set, strided views included, comes later.

The Maven build (kernels/pom.xml, src/main/cuda/ptx.sh) compiles this file with
    nvcc -ptx -arch=compute_80 -O3 elementwise.cu -o elementwise.ptx
into target/classes/ionas/kernels/cuda/elementwise.ptx. No --use_fast_math: results must be
comparable with the CPU definitions in ionas.kernels.UnaryOp.

Launch shape, for every kernel here: a 1-D grid of 1-D blocks, one thread per element,
    block = 256, grid = ceil(n / 256)
The kernels are memory bound; 256 threads per block keeps every SM busy on any n worth a launch,
and the `i < n` guard handles the last, partial block.
*/

#include <cuda_runtime.h>

// ----------------------------------------------------------------------------
// fill: out[i] = value
//
// reference:
//     for (int i = 0; i < n; i++) out[i] = value;

extern "C" __global__ void fill_f32(float* out, float value, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = value;
    }
}

// ----------------------------------------------------------------------------
// unary: out[i] = f(x[i]), f chosen by op, the ordinal of ionas.kernels.UnaryOp:
//     0 = NEG   -x
//     1 = EXP   e^x (expf, not __expf: IEEE-faithful, a few ulp)
//     5 = RELU  max(x, 0), NaN stays NaN (as UnaryOp.RELU and PyTorch)
// Other ordinals are not implemented yet and write NaN, so that a missing case cannot pass
// for a right answer. `op` is uniform over the launch, so the switch does not diverge.
//
// reference:
//     for (int i = 0; i < n; i++) out[i] = (float) UnaryOp.values()[op].apply(x[i]);

#define UNARY_NEG 0
#define UNARY_EXP 1
#define UNARY_RELU 5

extern "C" __global__ void unary_f32(float* out, const float* x, int op, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = x[i];
        float r;
        switch (op) {
            case UNARY_NEG:  r = -v; break;
            case UNARY_EXP:  r = expf(v); break;
            case UNARY_RELU: r = (v > 0.0f || v != v) ? v : 0.0f; break;
            default:         r = __int_as_float(0x7fc00000); break; // NaN: not implemented
        }
        out[i] = r;
    }
}

// ----------------------------------------------------------------------------
// add: out[i] = a[i] + b[i], same length, contiguous (out may alias a or b)
//
// reference:
//     for (int i = 0; i < n; i++) out[i] = a[i] + b[i];

extern "C" __global__ void add_f32(float* out, const float* a, const float* b, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = a[i] + b[i];
    }
}
