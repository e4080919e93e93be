/*
2-d max and average pooling over NCHW float32 data, with the semantics of
ionas.kernels.cpu.PoolKernels / PoolGeometry (PyTorch's MaxPool2d with return_indices, AvgPool2d
with count_include_pad=True): output (r, s) covers input rows [r*sh - ph, r*sh - ph + kh) and
columns [s*sw - pw, s*sw - pw + kw), clipped to the input (padding is never read).
  - max: the running maximum starts at -inf at the window's first in-input index; an element
    replaces it when strictly greater or NaN, so the first of equal maxima wins, or the last NaN.
    argmax holds the flat index within the (n, c) plane, ih * W + iw, as int32 (the CPU's int[]).
  - avg: the window's in-input sum, in scan order, times 1 / (kh * kw) (padding counts).
float32 only (float64 stays on the CPU). Every kernel here gives the CPU's float result bit for
bit: same comparisons, same summation order.

The geometry is passed by value as `Pool` (11 ints, 44 bytes on the host, little-endian):
    planes (= N * C), h, w, oh, ow, kh, kw, sh, sw, ph, pw
with oh = (h + 2 ph - kh) / sh + 1 and ow likewise (PoolGeometry.outHeight/outWidth).

Tiling: none beyond one thread per output element (forward) or per input element (backward),
grid-stride over the flat index; the windows NAS networks use (2x2, 3x3) are small, neighbouring
threads read neighbouring inputs, and the caches serve the window overlap. The backward passes
GATHER (each input sums the outputs whose window covers it, in ascending output order) rather
than scatter with atomics: no atomics, deterministic, and the same order of additions as the
CPU's scatter loop, so the result is bit-exact.
*/

#include <cuda_runtime.h>

struct Pool {
    int planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw;
};
static_assert(sizeof(Pool) == 44, "Pool is 11 ints");

#define INF_F32 __int_as_float(0x7f800000)

// The outputs whose window (before clipping) covers input row ih: r in [lo, hi] (empty if lo > hi).
__device__ __forceinline__ void covering(int ih, int k, int s, int p, int outSize, int* lo, int* hi) {
    int a = ih + p - k + 1;                        // r * s >= a
    *lo = a <= 0 ? 0 : (a + s - 1) / s;
    int b = (ih + p) / s;                          // r * s <= ih + p
    *hi = b < outSize - 1 ? b : outSize - 1;
}

// The input window of output element o (flat over planes * oh * ow): rows [h0, h1) and columns
// [w0, w1) of input plane `plane`, clipped to the input. Both forward kernels walk it.
struct Window {
    long long plane;
    int h0, h1, w0, w1;
};

__device__ __forceinline__ Window window_of(long long o, const Pool& P) {
    int s = (int) (o % P.ow);
    int r = (int) ((o / P.ow) % P.oh);
    Window win;
    win.plane = o / ((long long) P.oh * P.ow);
    win.h0 = max(r * P.sh - P.ph, 0);
    win.h1 = min(r * P.sh - P.ph + P.kh, P.h);
    win.w0 = max(s * P.sw - P.pw, 0);
    win.w1 = min(s * P.sw - P.pw + P.kw, P.w);
    return win;
}

// The outputs whose windows cover input element i (flat over planes * h * w): rows [r0, r1] and
// columns [s0, s1] of output plane `plane`; (ih, iw) is i within its plane. Both backward kernels
// gather over it.
struct Covering {
    long long plane;
    int ih, iw, r0, r1, s0, s1;
};

__device__ __forceinline__ Covering covering_of(long long i, const Pool& P) {
    Covering c;
    c.iw = (int) (i % P.w);
    c.ih = (int) ((i / P.w) % P.h);
    c.plane = i / ((long long) P.h * P.w);
    covering(c.ih, P.kh, P.sh, P.ph, P.oh, &c.r0, &c.r1);
    covering(c.iw, P.kw, P.sw, P.pw, P.ow, &c.s0, &c.s1);
    return c;
}

// ----------------------------------------------------------------------------
// maxpool2d_fwd: y and argmax, (planes, oh, ow).
//
// launch: block = 256, grid = min(ceil(planes * oh * ow / 256), 65535), grid-stride loop
//
// reference:
//     for (plane, r, s) {
//         int h0 = max(r*sh - ph, 0), h1 = min(r*sh - ph + kh, h);
//         int w0 = max(s*sw - pw, 0), w1 = min(s*sw - pw + kw, w);
//         int best = h0 * w + w0; float max = -INFINITY;
//         for (int ih = h0; ih < h1; ih++) for (int iw = w0; iw < w1; iw++) {
//             float v = x[plane * h * w + ih * w + iw];
//             if (v > max || v != v) { max = v; best = ih * w + iw; }
//         }
//         y[(plane * oh + r) * ow + s] = max; argmax[same] = best;
//     }

extern "C" __global__ void maxpool2d_fwd_f32(float* y, int* argmax, const float* x, Pool P) {
    long long total = (long long) P.planes * P.oh * P.ow;
    for (long long o = (long long) blockIdx.x * blockDim.x + threadIdx.x; o < total; o += (long long) gridDim.x * blockDim.x) {
        Window win = window_of(o, P);
        const float* xp = x + win.plane * P.h * P.w;
        int best = win.h0 * P.w + win.w0;
        float mx = -INF_F32;
        for (int ih = win.h0; ih < win.h1; ih++) {
            for (int iw = win.w0; iw < win.w1; iw++) {
                float v = xp[ih * P.w + iw];
                if (v > mx || v != v) { mx = v; best = ih * P.w + iw; }
            }
        }
        y[o] = mx;
        argmax[o] = best;
    }
}

// ----------------------------------------------------------------------------
// maxpool2d_bwd: gx (planes, h, w) from gy and the forward's argmax.
//
// launch: block = 256, grid = min(ceil(planes * h * w / 256), 65535), grid-stride loop
//
// reference (PoolKernels.maxPool2dBackward):
//     for (plane) {
//         fill gx[plane] with 0;
//         for (int o = 0; o < oh * ow; o++) gx[plane][argmax[plane][o]] += gy[plane][o];
//     }

extern "C" __global__ void maxpool2d_bwd_f32(float* gx, const float* gy, const int* argmax, Pool P) {
    long long total = (long long) P.planes * P.h * P.w;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long) gridDim.x * blockDim.x) {
        Covering c = covering_of(i, P);
        int flat = c.ih * P.w + c.iw;
        long long base = c.plane * P.oh * P.ow;
        float acc = 0.0f;
        for (int r = c.r0; r <= c.r1; r++) {
            for (int s = c.s0; s <= c.s1; s++) {
                long long o = base + (long long) r * P.ow + s;
                if (argmax[o] == flat) acc = __fadd_rn(acc, gy[o]);
            }
        }
        gx[i] = acc;
    }
}

// ----------------------------------------------------------------------------
// avgpool2d_fwd: y = (sum of the window's in-input values) * (1 / (kh * kw)).
//
// launch: block = 256, grid = min(ceil(planes * oh * ow / 256), 65535), grid-stride loop
//
// reference:
//     float scale = 1f / (kh * kw);
//     for (plane, r, s) {
//         float sum = 0;
//         for (ih in [h0, h1)) for (iw in [w0, w1)) sum += x[plane * h * w + ih * w + iw];
//         y[(plane * oh + r) * ow + s] = sum * scale;
//     }

extern "C" __global__ void avgpool2d_fwd_f32(float* y, const float* x, Pool P) {
    long long total = (long long) P.planes * P.oh * P.ow;
    float scale = __fdiv_rn(1.0f, (float) (P.kh * P.kw));
    for (long long o = (long long) blockIdx.x * blockDim.x + threadIdx.x; o < total; o += (long long) gridDim.x * blockDim.x) {
        Window win = window_of(o, P);
        const float* xp = x + win.plane * P.h * P.w;
        float sum = 0.0f;
        for (int ih = win.h0; ih < win.h1; ih++)
            for (int iw = win.w0; iw < win.w1; iw++) sum = __fadd_rn(sum, xp[ih * P.w + iw]);
        y[o] = __fmul_rn(sum, scale);
    }
}

// ----------------------------------------------------------------------------
// avgpool2d_bwd: gx[i] = sum over the outputs o whose window covers i of gy[o] * scale,
// added in ascending o, as the CPU's scatter adds them.
//
// launch: block = 256, grid = min(ceil(planes * h * w / 256), 65535), grid-stride loop
//
// reference (PoolKernels.avgPool2dBackward):
//     for (plane) {
//         fill gx[plane] with 0;
//         for (r, s) { float share = gy[plane][r][s] * scale;
//                      for (ih in [h0, h1)) for (iw in [w0, w1)) gx[plane][ih][iw] += share; }
//     }

extern "C" __global__ void avgpool2d_bwd_f32(float* gx, const float* gy, Pool P) {
    long long total = (long long) P.planes * P.h * P.w;
    float scale = __fdiv_rn(1.0f, (float) (P.kh * P.kw));
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < total; i += (long long) gridDim.x * blockDim.x) {
        Covering c = covering_of(i, P);
        long long base = c.plane * P.oh * P.ow;
        float acc = 0.0f;
        for (int r = c.r0; r <= c.r1; r++)
            for (int s = c.s0; s <= c.s1; s++) acc = __fadd_rn(acc, __fmul_rn(gy[base + (long long) r * P.ow + s], scale));
        gx[i] = acc;
    }
}
