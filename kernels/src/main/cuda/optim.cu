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

Multi-tensor ("foreach") forms, one launch for many parameters (as PyTorch's multi_tensor_apply):
  - sgd_multi_f32 / adam_multi_f32 apply exactly sgd_f32's / adam_f32's per-element function (the
    same __device__ function below) to every element of every tensor of a table, so the results
    are those of one sgd_f32 / adam_f32 launch per parameter, bit for bit.
    The table (MtTensor: param, state buffers, numel, first chunk) lives in device memory and is
    written once by mt_table_build from kernel arguments (no host upload, no synchronisation);
    CudaOptimizers keeps it while the parameters and state buffers stay where they are. What
    changes every step travels as by-value kernel arguments: the gradients' addresses (fresh
    arrays every backward) and the per-tensor scalars (SGD's `first`, Adam's c2 and step size,
    which depend on each parameter's own step count). A block owns one chunk of MT_CHUNK elements
    of one tensor and finds the tensor by a binary search of the table's first chunks.
  - grad_sumsq_multi_f32 + clip_scale_multi_f32: gradient clipping by the global L2 norm
    (ionas.nn.optim.GradClip) with nothing read back. The first sums each gradient's squares in
    reduce_rows_f32's order (what x.square().sum() runs on this backend: one 256-thread block per
    tensor, strided slices, a fixed xor tree); the second adds those float partial sums in a
    double in parameter order, takes the norm and the coefficient in double exactly as GradClip
    does on the host (sqrt, maxNorm / (norm + 1e-6)), and writes every gradient times
    (float) coef when coef < 1, else unchanged, into fresh arrays. So the norm and the clipped
    gradients are bit-identical to the composition square/sum/item/mul on this backend.
Kernel parameters stay under the 4,096 bytes every CUDA driver accepts (the *_MT constants bound
how many tensors one launch takes; CudaOptimizers launches again for more).
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

// one element of the SGD update (sgd_f32 and sgd_multi_f32)
__device__ __forceinline__ void sgd_element(float* w, const float* grad, float* v, long long i, float lr, float momentum,
                                            float wd, int first) {
    float wi = w[i];
    float g = wd != 0.0f ? __fadd_rn(grad[i], __fmul_rn(wi, wd)) : grad[i];
    if (momentum != 0.0f) {
        float vi = first ? g : __fadd_rn(__fmul_rn(v[i], momentum), g);
        v[i] = vi;
        g = vi;
    }
    w[i] = __fsub_rn(wi, __fmul_rn(g, lr));
}

extern "C" __global__ void sgd_f32(float* w, const float* grad, float* v, long long n, float lr, float momentum,
                                   float wd, int first) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        sgd_element(w, grad, v, i, lr, momentum, wd, first);
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

// one element of the Adam update (adam_f32 and adam_multi_f32)
__device__ __forceinline__ void adam_element(float* w, const float* grad, float* m, float* v, long long i,
                                             float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float wd,
                                             float c2, float stepSize) {
    float wi = w[i];
    float g = wd != 0.0f ? __fadd_rn(grad[i], __fmul_rn(wi, wd)) : grad[i];
    float mi = __fadd_rn(__fmul_rn(m[i], b1), __fmul_rn(g, oneMinusB1));
    float vi = __fadd_rn(__fmul_rn(v[i], b2), __fmul_rn(__fmul_rn(g, g), oneMinusB2));
    m[i] = mi;
    v[i] = vi;
    float denom = __fadd_rn(__fsqrt_rn(__fdiv_rn(vi, c2)), eps);
    w[i] = __fsub_rn(wi, __fmul_rn(__fdiv_rn(mi, denom), stepSize));
}

extern "C" __global__ void adam_f32(float* w, const float* grad, float* m, float* v, long long n,
                                    float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float wd,
                                    float c2, float stepSize) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        adam_element(w, grad, m, v, i, b1, oneMinusB1, b2, oneMinusB2, eps, wd, c2, stepSize);
    }
}

// ============================================================================
// Multi-tensor kernels. MT_CHUNK and the *_MT limits are mirrored in CudaOptimizers.

#define MT_CHUNK 16384       // elements per block: 64 per thread of a 256-thread block
#define MT_BUILD 96          // table entries per mt_table_build launch (40 B each)
#define SGD_MT 384           // tensors per sgd_multi_f32 launch (9 B of arguments each)
#define ADAM_MT 224          // tensors per adam_multi_f32 launch (16 B each)
#define SUMSQ_MT 224         // tensors per grad_sumsq_multi_f32 launch (12 B each)
#define SCALE_MT 160         // tensors per clip_scale_multi_f32 launch (24 B each)

// One parameter of a table: its data, its state buffers (SGD: s1 = momentum buffer or null;
// Adam: s1 = m, s2 = v), its element count (> 0) and the index of its first chunk (the chunks of
// the table's tensors are numbered consecutively, tensor by tensor).
struct MtTensor {
    float* w;
    float* s1;
    float* s2;
    long long n;
    long long firstChunk;
};

struct MtBuild { MtTensor t[MT_BUILD]; };

// The tensor that owns chunk `chunk`: the last one whose firstChunk <= chunk (count >= 1).
__device__ __forceinline__ int mt_find(const MtTensor* table, int count, long long chunk) {
    int lo = 0, hi = count - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (table[mid].firstChunk <= chunk) lo = mid; else hi = mid - 1;
    }
    return lo;
}

// ----------------------------------------------------------------------------
// mt_table_build: writes entries 0..count-1 of `e` to table[base..base+count-1].
//
// launch: block = 128, grid = 1
//
// reference:
//     for (int i = 0; i < count; i++) table[base + i] = e.t[i];

extern "C" __global__ void mt_table_build(MtTensor* table, int base, int count, MtBuild e) {
    for (int i = threadIdx.x; i < count; i += blockDim.x) table[base + i] = e.t[i];
}

// ----------------------------------------------------------------------------
// sgd_multi: sgd_f32 on every tensor k < count of the table, with gradient g.grad[k] and
// first = g.first[k] (the momentum buffer s1 is ignored when momentum == 0).
//
// launch: block = 256, grid = the table's chunk count (sum over k of ceil(n_k / MT_CHUNK))
//
// reference:
//     for (int k = 0; k < count; k++)
//         sgd_f32 reference loop (above) on (table[k].w, g.grad[k], table[k].s1, table[k].n,
//                                             lr, momentum, wd, g.first[k])

struct SgdGrads {
    const float* grad[SGD_MT];
    unsigned char first[SGD_MT];
};

extern "C" __global__ void sgd_multi_f32(const MtTensor* table, int count, SgdGrads g, float lr, float momentum, float wd) {
    int k = mt_find(table, count, blockIdx.x);
    MtTensor t = table[k];
    long long start = ((long long) blockIdx.x - t.firstChunk) * MT_CHUNK;
    long long end = t.n < start + MT_CHUNK ? t.n : start + MT_CHUNK;
    const float* grad = g.grad[k];
    int first = g.first[k];
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x) sgd_element(t.w, grad, t.s1, i, lr, momentum, wd, first);
}

// ----------------------------------------------------------------------------
// adam_multi: adam_f32 on every tensor k < count of the table (m = s1, v = s2), with gradient
// g.grad[k] and that parameter's own c2 = g.c2[k] and stepSize = g.stepSize[k].
//
// launch: block = 256, grid = the table's chunk count
//
// reference:
//     for (int k = 0; k < count; k++)
//         adam_f32 reference loop (above) on (table[k].w, g.grad[k], table[k].s1, table[k].s2, table[k].n,
//                                              b1, oneMinusB1, b2, oneMinusB2, eps, wd, g.c2[k], g.stepSize[k])

struct AdamGrads {
    const float* grad[ADAM_MT];
    float c2[ADAM_MT];
    float stepSize[ADAM_MT];
};

extern "C" __global__ void adam_multi_f32(const MtTensor* table, int count, AdamGrads g, float b1, float oneMinusB1, float b2,
                                          float oneMinusB2, float eps, float wd) {
    int k = mt_find(table, count, blockIdx.x);
    MtTensor t = table[k];
    long long start = ((long long) blockIdx.x - t.firstChunk) * MT_CHUNK;
    long long end = t.n < start + MT_CHUNK ? t.n : start + MT_CHUNK;
    const float* grad = g.grad[k];
    float c2 = g.c2[k], stepSize = g.stepSize[k];
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x)
        adam_element(t.w, grad, t.s1, t.s2, i, b1, oneMinusB1, b2, oneMinusB2, eps, wd, c2, stepSize);
}

// ----------------------------------------------------------------------------
// grad_sumsq_multi: partial[k] = sum of x[i] * x[i] over tensor k, in reduce_rows_f32's order
// (reduce.cu: thread t folds elements t, t + 256, ... left to right, then a fixed xor tree over
// the warp and over the 8 warp results), so partial[k] is bit for bit what x.square().sum()
// gives on this backend (binary MUL, then reduce_rows_f32 with divisor 1).
//
// launch: block = 256 (exactly: the tree assumes 8 warps), grid = count (one block per tensor)
//
// reference:
//     for (int k = 0; k < count; k++) {
//         float acc = 0;
//         for (int i = 0; i < g.n[k]; i++) acc += g.grad[k][i] * g.grad[k][i];   (in the tree's order)
//         partial[k] = acc;
//     }

struct SumsqGrads {
    const float* grad[SUMSQ_MT];
    int n[SUMSQ_MT];
};

__device__ __forceinline__ float sumsq_warp(float v) {
    #pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) v = __fadd_rn(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

extern "C" __global__ void __launch_bounds__(256) grad_sumsq_multi_f32(float* partial, int count, SumsqGrads g) {
    __shared__ float warpSums[32];
    int k = blockIdx.x;
    if (k >= count) return;
    const float* x = g.grad[k];
    int n = g.n[k];
    float acc = 0.0f;
    for (int r = threadIdx.x; r < n; r += blockDim.x) acc = __fadd_rn(acc, __fmul_rn(x[r], x[r]));
    acc = sumsq_warp(acc);
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = (blockDim.x + 31) >> 5;
    if (lane == 0) warpSums[warp] = acc;
    __syncthreads();
    if (warp == 0) {
        float v = lane < warps ? warpSums[lane] : 0.0f;
        v = sumsq_warp(v);
        if (lane == 0) partial[k] = __fdiv_rn(v, 1.0f);   // reduce_rows_f32's divisor 1: the same bits
    }
}

// ----------------------------------------------------------------------------
// clip_scale_multi: the norm and the clipped gradients. Every block computes, in double and in
// index order, sq = 0 + partial[0] + ... + partial[total-1], norm = sqrt(sq),
// coef = maxNorm / (norm + 1e-6) (GradClip's doubles, each operation correctly rounded on both
// sides); block 0 writes (float) norm to *normOut when normOut is not null. Then
// dst[k][i] = coef < 1 ? src[k][i] * (float) coef : src[k][i] for every tensor k < count.
//
// launch: block = 256, grid = sum over k of ceil(n_k / MT_CHUNK) (s.firstChunk numbers them)
//
// reference:
//     double sq = 0;
//     for (int j = 0; j < total; j++) sq += (double) partial[j];
//     double norm = sqrt(sq), coef = maxNorm / (norm + 1e-6);
//     if (normOut) *normOut = (float) norm;
//     for (int k = 0; k < count; k++)
//         for (int i = 0; i < s.n[k]; i++) s.dst[k][i] = coef < 1 ? s.src[k][i] * (float) coef : s.src[k][i];

struct ClipScale {
    const float* src[SCALE_MT];
    float* dst[SCALE_MT];
    int n[SCALE_MT];
    int firstChunk[SCALE_MT];
};

extern "C" __global__ void clip_scale_multi_f32(float* normOut, const float* partial, int total, double maxNorm, int count,
                                                ClipScale s) {
    __shared__ double shared[2];
    if (threadIdx.x == 0) {
        double sq = 0.0;
        for (int j = 0; j < total; j++) sq = __dadd_rn(sq, (double) partial[j]);
        double norm = __dsqrt_rn(sq);
        shared[0] = norm;
        shared[1] = __ddiv_rn(maxNorm, __dadd_rn(norm, 1e-6));
        if (blockIdx.x == 0 && normOut != nullptr) *normOut = __double2float_rn(norm);
    }
    __syncthreads();
    double coef = shared[1];
    bool clip = coef < 1.0;
    float c = __double2float_rn(coef);
    int lo = 0, hi = count - 1;                       // the last k with firstChunk[k] <= blockIdx.x
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (s.firstChunk[mid] <= (int) blockIdx.x) lo = mid; else hi = mid - 1;
    }
    int k = lo;
    long long start = ((long long) blockIdx.x - s.firstChunk[k]) * MT_CHUNK;
    long long end = s.n[k] < start + MT_CHUNK ? s.n[k] : start + MT_CHUNK;
    const float* src = s.src[k];
    float* dst = s.dst[k];
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x) dst[i] = clip ? __fmul_rn(src[i], c) : src[i];
}
