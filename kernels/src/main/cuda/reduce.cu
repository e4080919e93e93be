/*
Reductions of a contiguous float32 array seen as (outer, reduced, inner) to (outer, inner), as
ionas.kernels.cpu.ReduceKernels.reduce defines them (sum, max, min; mean = sum / count, which the
tensor layer computes as a division after the sum, so the kernels take a divisor), and argmax over
contiguous rows (ReduceKernels.argmaxRows). float32 only: float64 stays on the CPU.

Tiling, chosen by the shape, as the CPU picks its two loop orders:
  - inner == 1 (a row per output, the common "sum over the last dimension"): reduce_rows_f32, one
    256-thread block per row; each thread folds a strided slice of the row (coalesced reads), then
    the block combines the 256 partials with warp shuffles (a fixed xor tree) and a second warp
    over the 8 warp results in shared memory.
  - inner > 1 (e.g. summing NCHW over N, or over H*W with C inner): reduce_cols_f32, blocks of
    32 x 8 threads; threadIdx.x walks 32 adjacent inner positions (coalesced), threadIdx.y splits
    the reduced dimension into 8 interleaved slices, and the 8 partials per column are combined
    through shared memory in a fixed order.
Determinism: every partial covers a fixed set of elements in a fixed order and every tree is
fixed, so a result depends only on the input and the shape, never on scheduling: runs repeat
bit for bit (no atomics anywhere). Sums differ from the CPU's sequential/Vector-API order by
rounding only; max and min are exact in any order.

Op codes: the ordinals of ionas.kernels.ReduceOp (checked by PtxModulesTest):
*/

#include <cuda_runtime.h>

#define REDUCE_SUM 0
#define REDUCE_MAX 1
#define REDUCE_MIN 2

#define INF_F32 __int_as_float(0x7f800000)
#define NAN_F32 __int_as_float(0x7fc00000)

// ReduceOp.identity()
__device__ __forceinline__ float reduce_identity(int op) {
    return op == REDUCE_SUM ? 0.0f : (op == REDUCE_MAX ? -INF_F32 : INF_F32);
}

// ReduceOp.combine: max/min let NaN win from either side, as torch.amax.
__device__ __forceinline__ float reduce_combine(int op, float acc, float x) {
    switch (op) {
        case REDUCE_SUM: return __fadd_rn(acc, x);
        case REDUCE_MAX: return (acc >= x || acc != acc) ? acc : x;
        case REDUCE_MIN: return (acc <= x || acc != acc) ? acc : x;
        default:         return NAN_F32;
    }
}

// Combines the values of a full warp with a fixed xor-butterfly; every lane ends with the result.
__device__ __forceinline__ float warp_reduce(int op, float v) {
    #pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = reduce_combine(op, v, __shfl_xor_sync(0xffffffffu, v, offset));
    }
    return v;
}

// ----------------------------------------------------------------------------
// reduce_rows: y[o] = (x[o*n] op ... op x[o*n + n-1]) / divisor, inner == 1.
// divisor: 1 for sum/max/min, the count for mean (sum, then a division, as NDArray.mean).
//
// launch: block = 256 (8 warps), grid = outer (one block per row; grid.x up to 2^31-1)
//
// reference:
//     for (int o = 0; o < outer; o++) {
//         float acc = identity(op);
//         for (int r = 0; r < n; r++) acc = combine(op, acc, x[o * n + r]);
//         y[o] = acc / divisor;
//     }

extern "C" __global__ void reduce_rows_f32(float* y, const float* x, int op, int outer, int n, float divisor) {
    __shared__ float partial[32];
    int o = blockIdx.x;
    if (o >= outer) return;
    const float* row = x + (long long) o * n;
    float acc = reduce_identity(op);
    for (int r = threadIdx.x; r < n; r += blockDim.x) acc = reduce_combine(op, acc, row[r]);
    acc = warp_reduce(op, acc);
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = (blockDim.x + 31) >> 5;
    if (lane == 0) partial[warp] = acc;
    __syncthreads();
    if (warp == 0) {
        float v = lane < warps ? partial[lane] : reduce_identity(op);
        v = warp_reduce(op, v);
        if (lane == 0) y[o] = __fdiv_rn(v, divisor);
    }
}

// ----------------------------------------------------------------------------
// reduce_cols: y[o][i] = (op over r of x[o][r][i]) / divisor, inner > 1.
//
// launch: block = (32, COLS_Y), exactly (COLS_THREADS threads), grid = (ceil(inner / 32), min(outer, 65535)).
// partial has one slot per thread of that block; the launch bound makes the driver refuse a larger
// block instead of letting it write past partial.
//
// reference:
//     for (int o = 0; o < outer; o++)
//         for (int i = 0; i < inner; i++) {
//             float acc = identity(op);
//             for (int r = 0; r < reduced; r++) acc = combine(op, acc, x[(o * reduced + r) * inner + i]);
//             y[o * inner + i] = acc / divisor;
//         }

#define COLS_Y 8
#define COLS_THREADS (32 * COLS_Y)

extern "C" __global__ void __launch_bounds__(COLS_THREADS)
reduce_cols_f32(float* y, const float* x, int op, int outer, int reduced, int inner, float divisor) {
    __shared__ float partial[COLS_Y][33];   // +1: no bank conflicts on the column read
    int i = blockIdx.x * 32 + threadIdx.x;
    // grid.y is at most 65535: larger `outer` loops (block-uniform, so __syncthreads is safe)
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        float acc = reduce_identity(op);
        if (i < inner) {
            const float* base = x + (long long) o * reduced * inner + i;
            for (int r = threadIdx.y; r < reduced; r += COLS_Y) acc = reduce_combine(op, acc, base[(long long) r * inner]);
        }
        partial[threadIdx.y][threadIdx.x] = acc;
        __syncthreads();
        if (threadIdx.y == 0 && i < inner) {
            float v = partial[0][threadIdx.x];
            #pragma unroll
            for (int k = 1; k < COLS_Y; k++) v = reduce_combine(op, v, partial[k][threadIdx.x]);
            y[(long long) o * inner + i] = __fdiv_rn(v, divisor);
        }
        __syncthreads();                        // partial is rewritten by the next o
    }
}

// ----------------------------------------------------------------------------
// argmax_rows: out[r] = the index of the first largest element of row r (n >= 1); NaN counts as
// largest and the first NaN wins, as ReduceKernels.argmaxRows and torch.argmax. int32 output.
// Each thread keeps its best (value, index) over a strided slice; pairs combine with a rule that
// is associative and commutative (NaN first, then larger value, then smaller index), so the
// tree gives exactly the sequential scan's answer.
//
// launch: block = 256, grid = rows
//
// reference:
//     for (int r = 0; r < rows; r++) {
//         int best = 0; float bestValue = x[r * n];
//         for (int i = 1; i < n && !isnan(bestValue); i++) {
//             float v = x[r * n + i];
//             if (v > bestValue || isnan(v)) { best = i; bestValue = v; }
//         }
//         out[r] = best;
//     }

// true when (v, i) beats (w, j)
__device__ __forceinline__ bool arg_better(float v, int i, float w, int j) {
    bool vn = v != v, wn = w != w;
    if (vn || wn) return vn && (!wn || i < j);
    return v > w || (v == w && i < j);
}

extern "C" __global__ void argmax_rows_f32(int* out, const float* x, int rows, int n) {
    __shared__ float sv[32];
    __shared__ int si[32];
    int r = blockIdx.x;
    if (r >= rows) return;
    const float* row = x + (long long) r * n;
    float best = -INF_F32;
    int bi = 0x7fffffff;                              // "no element": loses to any real one
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = row[i];
        if (bi == 0x7fffffff || arg_better(v, i, best, bi)) { best = v; bi = i; }
    }
    #pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) {
        float w = __shfl_xor_sync(0xffffffffu, best, offset);
        int j = __shfl_xor_sync(0xffffffffu, bi, offset);
        if (j != 0x7fffffff && (bi == 0x7fffffff || arg_better(w, j, best, bi))) { best = w; bi = j; }
    }
    int warp = threadIdx.x >> 5, lane = threadIdx.x & 31, warps = (blockDim.x + 31) >> 5;
    if (lane == 0) { sv[warp] = best; si[warp] = bi; }
    __syncthreads();
    if (warp == 0) {
        best = lane < warps ? sv[lane] : -INF_F32;
        bi = lane < warps ? si[lane] : 0x7fffffff;
        #pragma unroll
        for (int offset = 16; offset > 0; offset >>= 1) {
            float w = __shfl_xor_sync(0xffffffffu, best, offset);
            int j = __shfl_xor_sync(0xffffffffu, bi, offset);
            if (j != 0x7fffffff && (bi == 0x7fffffff || arg_better(w, j, best, bi))) { best = w; bi = j; }
        }
        if (lane == 0) out[r] = bi;
    }
}
