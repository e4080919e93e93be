/*
Batch normalisation over contiguous float32 data seen as (n, c, l), as
ionas.kernels.cpu.BatchNormKernels defines it: per channel ch the statistics run over the n*l
values x[i][ch][j] (l = H*W for images, 1 for feature vectors).
  - bn_stats_f32:    mean and BIASED variance (divide by n*l; the unbiased running-variance
                     correction is the caller's), two passes: the mean first, then the squared
                     deviations from the float mean, which keeps the variance accurate when the
                     mean is large. Sums are accumulated in double, as the CPU does.
  - bn_stats_params_f32: bn_stats and then, per channel, the forward's values
                     invstd = 1 / sqrt(var + eps), scale = gamma * invstd, shift = beta - mean * scale,
                     each step one IEEE rounding (__fadd_rn, __fsqrt_rn, __fdiv_rn, __fmul_rn,
                     __fsub_rn: no fma contraction), the bits of the composed elementwise kernels
                     (unary SQRT, RECIPROCAL, binary MUL, SUB) that Backend.batchNormParams defines;
                     a training forward is this and bn_affine, two launches.
  - bn_params_f32:   those values from given statistics (evaluation: the running ones).
  - bn_affine_f32:   y = x * scale[ch] + shift[ch] (the caller folds mean, 1/sqrt(var + eps),
                     weight and bias into scale and shift), as one fma, like the CPU's vector lanes;
                     with relu = 1, y = relu(that) (batch norm + ReLU as one op, the bits of
                     elementwise.cu's UNARY_RELU after it).
  - bn_update_running_f32: the running statistics in place, op by op as the composed update
                     (Backend.batchNormUpdateRunning): rm = rm * keep + mean * momentum,
                     rv = rv * keep + (biasedVar * unbias) * momentum, batchesTracked += 1.
  - bn_backward_f32: dbeta = sum g, dgamma = sum g * (x - mean) * invstd, and dx:
                     training:   dx = k * (g - meanG - (x - mean) * slope), with k = gamma * invstd,
                                 meanG = sum g / M, slope = sum(g (x - mean)) * invstd^2 / M, M = n*l
                     evaluation: dx = g * k (the statistics are constants).
                     Given relu_out (the fused op's output; null for batch norm alone), g is first
                     masked as the separate ReLU's backward does, g * (relu_out > 0 ? 1 : 0), as it
                     is read in both passes: no masked copy, no extra launch.
float32 data (float64 stays on the CPU). Results match the CPU within float rounding (the double
sums run in a different order, then round to the same float nearly always).

Tiling: one 256-thread block per channel for the reductions (bn_stats, bn_stats_params, bn_backward): each
thread walks the channel's n*l values as (i, j) pairs with j fastest, so a warp reads 32
consecutive floats of a row of l; the 256 double partials combine by warp shuffles and shared
memory in a fixed tree (deterministic: no atomics). bn_backward's block then writes dx for its
channel, so the whole backward is one launch reading x and g twice. With few channels
(c < #SMs) this leaves SMs idle; a split-channel version is future work.
bn_affine is elementwise: a grid-stride loop, one thread per element; bn_params and
bn_update_running are one thread per channel.
*/

#include <cuda_runtime.h>

// A block-wide double sum over blockDim.x (a multiple of 32, <= 1024) partials, in a fixed
// tree; every thread gets the result. `scratch` holds 32 doubles.
__device__ __forceinline__ double block_sum(double v, double* scratch) {
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    __syncthreads();                               // scratch may still be read by a previous call
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    v = lane < warps ? scratch[lane] : 0.0;
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;                                      // every warp computed the same sum
}

// ----------------------------------------------------------------------------
// bn_stats: mean[ch], var[ch] (biased) over x[i][ch][j].
//
// launch: block = 256, grid = c
//
// reference:
//     for (int ch = 0; ch < c; ch++) {
//         double sum = 0;
//         for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) sum += x[(i * c + ch) * l + j];
//         float m = (float) (sum / ((long) n * l));
//         double sq = 0;
//         for (int i = 0; i < n; i++) for (int j = 0; j < l; j++) {
//             float d = x[(i * c + ch) * l + j] - m; sq += d * d;
//         }
//         mean[ch] = m; var[ch] = (float) (sq / ((long) n * l));
//     }

// The statistics of channel ch by the whole block; thread 0's *mean and *var are the results
// (every thread gets the same values).
__device__ __forceinline__ void channel_stats(const float* x, int n, int c, int l, int ch, double* scratch,
                                              float* mean, float* var) {
    long long count = (long long) n * l;
    double s = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        long long i = k / l, j = k - i * l;
        s += (double) x[(i * c + ch) * l + j];
    }
    s = block_sum(s, scratch);
    float m = (float) (s / (double) count);
    double sq = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        long long i = k / l, j = k - i * l;
        float d = __fsub_rn(x[(i * c + ch) * l + j], m);
        sq += (double) __fmul_rn(d, d);
    }
    sq = block_sum(sq, scratch);
    *mean = m;
    *var = (float) (sq / (double) count);
}

extern "C" __global__ void bn_stats_f32(float* mean, float* var, const float* x, int n, int c, int l) {
    __shared__ double scratch[32];
    int ch = blockIdx.x;
    if (ch >= c) return;
    float m, v;
    channel_stats(x, n, c, l, ch, scratch, &m, &v);
    if (threadIdx.x == 0) {
        mean[ch] = m;
        var[ch] = v;
    }
}

// One channel's forward values from its statistics, each step rounded as the composed kernels
// round it: ADD (var + eps), SQRT (sqrtf, correctly rounded), RECIPROCAL (__fdiv_rn(1, .)),
// MUL (gamma * invstd), MUL (mean * scale), SUB (beta - that).
__device__ __forceinline__ void channel_params(float mean, float var, float gamma, float beta, float eps,
                                               float* invstd, float* scale, float* shift) {
    float is = __fdiv_rn(1.0f, __fsqrt_rn(__fadd_rn(var, eps)));
    float sc = __fmul_rn(gamma, is);
    *invstd = is;
    *scale = sc;
    *shift = __fsub_rn(beta, __fmul_rn(mean, sc));
}

// ----------------------------------------------------------------------------
// bn_stats_params: bn_stats, then invstd, scale, shift of the channel (thread 0 of its block).
// eps is the float the composed path adds (CudaBackend.binaryScalar's conversion of the double).
//
// launch: block = 256, grid = c
//
// reference (after bn_stats' loop for channel ch):
//     float is = 1.0f / sqrtf(var[ch] + eps);                 // three roundings: +, sqrt, /
//     invstd[ch] = is; scale[ch] = gamma[ch] * is; shift[ch] = beta[ch] - mean[ch] * scale[ch];

extern "C" __global__ void bn_stats_params_f32(float* mean, float* var, float* invstd, float* scale, float* shift,
                                               const float* x, const float* gamma, const float* beta, float eps,
                                               int n, int c, int l) {
    __shared__ double scratch[32];
    int ch = blockIdx.x;
    if (ch >= c) return;
    float m, v;
    channel_stats(x, n, c, l, ch, scratch, &m, &v);
    if (threadIdx.x == 0) {
        mean[ch] = m;
        var[ch] = v;
        channel_params(m, v, gamma[ch], beta[ch], eps, invstd + ch, scale + ch, shift + ch);
    }
}

// ----------------------------------------------------------------------------
// bn_params: invstd, scale, shift from given mean and var (evaluation: the running statistics).
//
// launch: block = 256, grid = ceil(c / 256)
//
// reference:
//     for (int ch = 0; ch < c; ch++) {
//         float is = 1.0f / sqrtf(var[ch] + eps);
//         invstd[ch] = is; scale[ch] = gamma[ch] * is; shift[ch] = beta[ch] - mean[ch] * scale[ch];
//     }

extern "C" __global__ void bn_params_f32(float* invstd, float* scale, float* shift, const float* mean, const float* var,
                                         const float* gamma, const float* beta, float eps, int c) {
    int ch = blockIdx.x * blockDim.x + threadIdx.x;
    if (ch < c) channel_params(mean[ch], var[ch], gamma[ch], beta[ch], eps, invstd + ch, scale + ch, shift + ch);
}

// ----------------------------------------------------------------------------
// bn_affine: y = x * scale[ch] + shift[ch], ch = (index / l) % c, then relu(y) when relu != 0;
// y may alias x.
//
// launch: block = 256, grid = min(ceil(n*c*l / 256), 65535), grid-stride loop
//
// reference:
//     for (long k = 0; k < (long) n * c * l; k++) {
//         int ch = (int) ((k / l) % c);
//         float v = fmaf(x[k], scale[ch], shift[ch]);
//         y[k] = relu && !(v > 0.0f || v != v) ? 0.0f : v;    // UNARY_RELU: NaN stays NaN, -0 becomes 0
//     }

extern "C" __global__ void bn_affine_f32(float* y, const float* x, const float* scale, const float* shift,
                                         int n, int c, int l, int relu) {
    long long total = (long long) n * c * l;
    for (long long k = (long long) blockIdx.x * blockDim.x + threadIdx.x; k < total; k += (long long) gridDim.x * blockDim.x) {
        int ch = (int) ((k / l) % c);
        float v = fmaf(x[k], scale[ch], shift[ch]);
        y[k] = relu && !(v > 0.0f || v != v) ? 0.0f : v;
    }
}

// ----------------------------------------------------------------------------
// bn_backward: dx, dgamma, dbeta given the output gradient g; training = 1 for batch statistics,
// 0 for running statistics (evaluation); relu_out, when not null, masks g (a fused ReLU's backward).
//
// launch: block = 256, grid = c
//
// reference (g[k] read as g[k] * (relu_out[k] > 0 ? 1 : 0) when relu_out is given):
//     for (int ch = 0; ch < c; ch++) {
//         float m = mean[ch], is = invstd[ch];
//         double sg = 0, sgx = 0;
//         for (i, j) { int k = (i * c + ch) * l + j; sg += g[k]; sgx += g[k] * (x[k] - m); }
//         dbeta[ch] = (float) sg; dgamma[ch] = (float) (sgx * is);
//         float kk = gamma[ch] * is;
//         if (!training) { for (i, j) dx[k] = g[k] * kk + 0; continue; }
//         long M = (long) n * l;
//         float meanG = (float) (sg / M), slope = (float) (sgx * is * is / M);
//         for (i, j) dx[k] = kk * (g[k] - meanG - (x[k] - m) * slope);
//     }

// g[at], masked as the separate ReLU's backward masks it when relu_out is given: a product with
// 1 or 0 (not a select), so that a negative, infinite or NaN g gives -0 or NaN as it did there.
__device__ __forceinline__ float masked_grad(const float* g, const float* relu_out, long long at) {
    return relu_out == nullptr ? g[at] : __fmul_rn(g[at], relu_out[at] > 0.0f ? 1.0f : 0.0f);
}

extern "C" __global__ void bn_backward_f32(float* dx, float* dgamma, float* dbeta, const float* g, const float* relu_out,
                                           const float* x, const float* mean, const float* invstd, const float* gamma,
                                           int n, int c, int l, int training) {
    __shared__ double scratch[32];
    int ch = blockIdx.x;
    if (ch >= c) return;
    long long count = (long long) n * l;
    float m = mean[ch], is = invstd[ch];
    double sg = 0.0, sgx = 0.0;
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        long long i = k / l, j = k - i * l, at = (i * c + ch) * l + j;
        float gv = masked_grad(g, relu_out, at);
        sg += (double) gv;
        sgx += (double) __fmul_rn(gv, __fsub_rn(x[at], m));
    }
    sg = block_sum(sg, scratch);
    sgx = block_sum(sgx, scratch);
    if (threadIdx.x == 0) {
        dbeta[ch] = (float) sg;
        dgamma[ch] = (float) (sgx * (double) is);
    }
    float kk = __fmul_rn(gamma[ch], is);
    if (!training) {
        for (long long k = threadIdx.x; k < count; k += blockDim.x) {
            long long i = k / l, j = k - i * l, at = (i * c + ch) * l + j;
            dx[at] = __fadd_rn(__fmul_rn(masked_grad(g, relu_out, at), kk), 0.0f);   // as the CPU: g * k + 0 (turns -0 into 0)
        }
        return;
    }
    float meanG = (float) (sg / (double) count);
    float slope = (float) (sgx * (double) is * (double) is / (double) count);
    for (long long k = threadIdx.x; k < count; k += blockDim.x) {
        long long i = k / l, j = k - i * l, at = (i * c + ch) * l + j;
        float centred = __fmul_rn(__fsub_rn(x[at], m), slope);
        dx[at] = __fmul_rn(kk, __fsub_rn(__fsub_rn(masked_grad(g, relu_out, at), meanG), centred));
    }
}

// ----------------------------------------------------------------------------
// bn_update_running: the running statistics in place from a batch's mean and biased variance;
// unbias = (float) (n / (n - 1)), keep = (float) (1 - momentum), momentum as floats, converted on
// the Java side as the composed path converts its scalar operands. Thread 0 also adds 1 to
// batches_tracked[0].
//
// launch: block = 256, grid = max(1, ceil(c / 256))
//
// reference:
//     for (int ch = 0; ch < c; ch++) {
//         float unbiased = biased_var[ch] * unbias;
//         running_mean[ch] = running_mean[ch] * keep + mean[ch] * momentum;   // two products, then the sum
//         running_var[ch] = running_var[ch] * keep + unbiased * momentum;
//     }
//     batches_tracked[0] = batches_tracked[0] + 1.0f;

extern "C" __global__ void bn_update_running_f32(float* running_mean, float* running_var, float* batches_tracked,
                                                 const float* mean, const float* biased_var, float unbias, float keep,
                                                 float momentum, int c) {
    int ch = blockIdx.x * blockDim.x + threadIdx.x;
    if (ch < c) {
        float unbiased = __fmul_rn(biased_var[ch], unbias);
        running_mean[ch] = __fadd_rn(__fmul_rn(running_mean[ch], keep), __fmul_rn(mean[ch], momentum));
        running_var[ch] = __fadd_rn(__fmul_rn(running_var[ch], keep), __fmul_rn(unbiased, momentum));
    }
    if (ch == 0) batches_tracked[0] = __fadd_rn(batches_tracked[0], 1.0f);
}
