/*
Softmax and log-softmax over each contiguous row of n float32 elements, as
ionas.kernels.cpu.SoftmaxKernels.softmax defines them: subtract the row maximum (NaN propagates,
as Math.max; a row whose maximum is -inf uses 0 instead, keeping the 0/0 path out), e = e^(x - max),
sum = sum of e, then
    softmax:      y = e * (1 / sum)
    log-softmax:  y = x - (max + log(sum))      (not log(softmax): no -inf where softmax underflows)
float32 only (float64 stays on the CPU). expf/logf are IEEE-faithful (a few ulp; the CPU's float
exp is ExpKernel's polynomial, also a few ulp), and the sum's order differs from the CPU's, so
results agree with the CPU within a few ulp, not bit for bit. Runs repeat bit for bit: fixed
trees, no atomics.

Two passes over the row (max, then the sum of exponentials), and a third that writes y; the
row is re-read from L1/L2, which for the row sizes of classification heads and attention is
cheaper than an online (max, sum) rescaling per element.

Tiling:
  - n <= 1024: softmax_warp_f32, one warp per row, 4 rows per 128-thread block; the warp's
    reductions are register shuffles only, no shared memory and no __syncthreads.
  - n > 1024:  softmax_block_f32, one 256-thread block per row; warp shuffles, then the 8 warp
    partials through shared memory.
(Both are correct for any n; the split is for speed.)
*/

#include <cuda_runtime.h>

#define INF_F32 __int_as_float(0x7f800000)

// Math.max(a, b) for floats: NaN if either is NaN.
__device__ __forceinline__ float max_nan(float a, float b) {
    return (a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b);
}

__device__ __forceinline__ float warp_max(float v) {
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = max_nan(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__device__ __forceinline__ float warp_sum(float v) {
    #pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = __fadd_rn(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// The last pass, shared by both kernels: thread t of `threads` writes elements t, t+threads, ...
__device__ __forceinline__ void softmax_write(float* y, const float* x, int n, int log, float max, float sum,
                                              int t, int threads) {
    if (log) {
        float shift = __fadd_rn(max, logf(sum));
        for (int i = t; i < n; i += threads) y[i] = __fsub_rn(x[i], shift);
    } else {
        float inv = __fdiv_rn(1.0f, sum);
        for (int i = t; i < n; i += threads) y[i] = __fmul_rn(expf(__fsub_rn(x[i], max)), inv);
    }
}

// ----------------------------------------------------------------------------
// softmax_warp: one warp per row; log = 0 for softmax, 1 for log-softmax. y may alias x.
//
// launch: block = 128 (4 warps), grid = ceil(rows / 4)
//
// reference:
//     for (int r = 0; r < rows; r++) {
//         float* xr = x + r * n, * yr = y + r * n;
//         float max = -INFINITY;
//         for (int i = 0; i < n; i++) max = java_max(max, xr[i]);   // NaN propagates
//         if (max == -INFINITY) max = 0;
//         float sum = 0;
//         for (int i = 0; i < n; i++) sum += expf(xr[i] - max);
//         for (int i = 0; i < n; i++)
//             yr[i] = log ? xr[i] - (max + logf(sum)) : expf(xr[i] - max) * (1 / sum);
//     }

extern "C" __global__ void softmax_warp_f32(float* y, const float* x, int rows, int n, int log) {
    int warpsPerBlock = blockDim.x >> 5;
    int r = blockIdx.x * warpsPerBlock + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (r >= rows) return;                          // whole warps leave together
    const float* xr = x + (long long) r * n;
    float* yr = y + (long long) r * n;
    float max = -INF_F32;
    for (int i = lane; i < n; i += 32) max = max_nan(max, xr[i]);
    max = warp_max(max);
    if (max == -INF_F32) max = 0.0f;
    float sum = 0.0f;
    for (int i = lane; i < n; i += 32) sum = __fadd_rn(sum, expf(__fsub_rn(xr[i], max)));
    sum = warp_sum(sum);
    softmax_write(yr, xr, n, log, max, sum, lane, 32);
}

// ----------------------------------------------------------------------------
// softmax_block: one block per row, for long rows; same math and reference as softmax_warp.
//
// launch: block = 256 (any multiple of 32 up to 1024), grid = rows

extern "C" __global__ void softmax_block_f32(float* y, const float* x, int rows, int n, int log) {
    __shared__ float partial[32];
    __shared__ float shared;
    int r = blockIdx.x;
    if (r >= rows) return;
    const float* xr = x + (long long) r * n;
    float* yr = y + (long long) r * n;
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = blockDim.x >> 5;

    float max = -INF_F32;
    for (int i = threadIdx.x; i < n; i += blockDim.x) max = max_nan(max, xr[i]);
    max = warp_max(max);
    if (lane == 0) partial[warp] = max;
    __syncthreads();
    if (warp == 0) {
        float v = warp_max(lane < warps ? partial[lane] : -INF_F32);
        if (lane == 0) shared = v == -INF_F32 ? 0.0f : v;
    }
    __syncthreads();
    max = shared;
    __syncthreads();                                // partial and shared are reused below

    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) sum = __fadd_rn(sum, expf(__fsub_rn(xr[i], max)));
    sum = warp_sum(sum);
    if (lane == 0) partial[warp] = sum;
    __syncthreads();
    if (warp == 0) {
        float v = warp_sum(lane < warps ? partial[lane] : 0.0f);
        if (lane == 0) shared = v;
    }
    __syncthreads();
    softmax_write(yr, xr, n, log, max, shared, threadIdx.x, blockDim.x);
}
