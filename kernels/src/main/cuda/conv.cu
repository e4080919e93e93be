/*
2-d convolution, float32, NCHW, zero padding, stride (no dilation, groups or bias: the semantics
of ionas.kernels.cpu.Conv2dKernels / Reference.conv2dForward and ConvGeometry), as implicit GEMM:
the GEMM main loops of gemm_tiles.cuh with operand maps that compute the im2col index on the fly,
so no column buffer is ever written.

Geometry arguments, in ConvGeometry's order:
    batch Nb, inChannels C, height H, width W, outChannels F, kernelH KH, kernelW KW,
    strideH sh, strideW sw, padH ph, padW pw
    OH = (H + 2 ph - KH) / sh + 1,  OW = (W + 2 pw - KW) / sw + 1   (computed in the kernels)
x (Nb, C, H, W), w (F, C, KH, KW), y (Nb, F, OH, OW), all contiguous.

The three passes as GEMMs:
  forward          y:  M = Nb*OH*OW (output pixels), N = F, K = C*KH*KW
                       A(p, (c,kh,kw)) = x[n, c, oh*sh - ph + kh, ow*sw - pw + kw] (0 outside)
                       B((c,kh,kw), f) = w[f, c, kh, kw]
  backward-input   gx: M = Nb*H*W (input pixels), N = C, K = F*KH*KW
                       A((n,h,wi), (f,kh,kw)) = gy[n, f, oh, ow] where oh*sh = h + ph - kh and
                       ow*sw = wi + pw - kw have in-range integer solutions, else 0
                       B((f,kh,kw), c) = w[f, c, kh, kw]
                   i.e. the gather form of the transposed convolution: every gx element is owned
                   by one thread and summed in a fixed order, no atomics, so results repeat bit
                   for bit. (For stride s, (s*s - 1)/(s*s) of the A entries are structural zeros:
                   correct but wasteful for strided layers; a per-phase decomposition would fix it.)
  backward-weight  gw: M = F, N = C*KH*KW, K = Nb*OH*OW (reduction over batch and positions)
                       A(f, (n,oh,ow)) = gy[n, f, oh, ow],  B((n,oh,ow), (c,kh,kw)) = x[...]
                   Deterministic split-K: M*N is usually small (a 64x64x3x3 layer is one block
                   row of 5 blocks) while K is long, so grid.z = splits blocks each reduce a fixed
                   K range into their own slice of a workspace, and conv2d_splitk_reduce_f32 adds
                   the slices in order s = 0, 1, ... . With splits = 1 the kernel writes gw itself.

Each pass has an exact FP32 kernel (*_f32) and a TF32 tensor-core one (*_tf32); tilings, edge
handling and the TF32 rounding are described in gemm_tiles.cuh and gemm.cu (the allow_tf32 switch
lives on the Java side, as for matmul).

The Maven build (kernels/pom.xml, src/main/cuda/ptx.sh) compiles this file with
    nvcc -ptx -arch=compute_80 -O3 conv.cu -o conv.ptx
No --use_fast_math.
*/

#include "gemm_tiles.cuh"

// Division by a divisor fixed for the whole launch, for dividends 0 <= n < 2^31, as a multiply-high,
// an add and a shift instead of the ~20-instruction integer division (Granlund & Montgomery 1994,
// "round-up" variant, as PyTorch's IntDivider and cutlass' FastDivmod): with s = ceil(log2 d) and
// m = floor(2^32 (2^s - d) / d) + 1, n / d = (umulhi(n, m) + n) >> s, exact for every n < 2^31
// (umulhi(n, m) <= n, so the sum fits in 32 bits). The operand maps do 4 to 6 divisions per
// element: this is most of their cost.
struct FastDiv {
    unsigned m, s;
    __device__ FastDiv() : m(1), s(0) {}
    __device__ explicit FastDiv(int d) {
        unsigned u = (unsigned)d;
        s = 0;
        while ((1u << s) < u) s++;
        m = (unsigned)(((1ull << 32) * ((1ull << s) - u)) / u + 1);
    }
    __device__ __forceinline__ int div(int n) const { return (int)((__umulhi((unsigned)n, m) + (unsigned)n) >> s); }
};

struct ConvGeo {
    int Nb, C, H, W, F, KH, KW, sh, sw, ph, pw, OH, OW;
    FastDiv byOW, byOHOW, byKK, byKW, byW, byHW, bySH, bySW;
    __device__ ConvGeo(int Nb_, int C_, int H_, int W_, int F_, int KH_, int KW_, int sh_, int sw_, int ph_, int pw_)
        : Nb(Nb_), C(C_), H(H_), W(W_), F(F_), KH(KH_), KW(KW_), sh(sh_), sw(sw_), ph(ph_), pw(pw_),
          OH((H_ + 2 * ph_ - KH_) / sh_ + 1), OW((W_ + 2 * pw_ - KW_) / sw_ + 1),
          byOW(OW), byOHOW(OH * OW), byKK(KH_ * KW_), byKW(KW_), byW(W_), byHW(H_ * W_), bySH(sh_), bySW(sw_) {}
    // x[n, c, h, w] at (oh, ow) and tap (kh, kw), or nullptr in the padding
    __device__ __forceinline__ const float* xAt(const float* x, int n, int c, int oh, int ow, int kh, int kw) const {
        int h = oh * sh - ph + kh, w = ow * sw - pw + kw;
        if (h < 0 || h >= H || w < 0 || w >= W) return nullptr;
        return x + (((long long)n * C + c) * H + h) * W + w;
    }
};

// ---------------------------------------------------------------------------- operand maps

struct ConvForwardOp {
    ConvGeo g;
    const float* x; const float* w; float* y;
    bool aMFast = true, bNFast = false;
    bool aVec = false, bVec;   // B: w's rows of K = C*KH*KW floats, 16-byte copies when K % 4 == 0
    __device__ ConvForwardOp(const ConvGeo& g_, const float* x_, const float* w_, float* y_)
        : g(g_), x(x_), w(w_), y(y_),
          bVec((g_.C * g_.KH * g_.KW) % 4 == 0 && (reinterpret_cast<unsigned long long>(w_) & 15) == 0) {}
    __device__ __forceinline__ const float* a(int m, int k) const {
        int ohow = g.OH * g.OW, kk = g.KH * g.KW;
        int n = g.byOHOW.div(m), pix = m - n * ohow, oh = g.byOW.div(pix), ow = pix - oh * g.OW;
        int c = g.byKK.div(k), r = k - c * kk, kh = g.byKW.div(r), kw = r - kh * g.KW;
        return g.xAt(x, n, c, oh, ow, kh, kw);
    }
    __device__ __forceinline__ const float* b(int k, int f) const {
        return w + (long long)f * (g.C * g.KH * g.KW) + k;
    }
    __device__ __forceinline__ float* c(int m, int f) const {
        int ohow = g.OH * g.OW, n = g.byOHOW.div(m), pix = m - n * ohow;
        return y + ((long long)n * g.F + f) * ohow + pix;
    }
};

struct ConvBackwardInputOp {
    ConvGeo g;
    const float* gy; const float* w; float* gx;
    bool aMFast = true, bNFast = false;
    bool aVec = false, bVec = false;
    __device__ ConvBackwardInputOp(const ConvGeo& g_, const float* gy_, const float* w_, float* gx_) : g(g_), gy(gy_), w(w_), gx(gx_) {}
    __device__ __forceinline__ const float* a(int m, int k) const {
        int hw = g.H * g.W, kk = g.KH * g.KW;
        int n = g.byHW.div(m), pix = m - n * hw, h = g.byW.div(pix), wi = pix - h * g.W;
        int f = g.byKK.div(k), r = k - f * kk, kh = g.byKW.div(r), kw = r - kh * g.KW;
        int th = h + g.ph - kh, tw = wi + g.pw - kw;
        if (th < 0 || tw < 0) return nullptr;
        int oh = g.bySH.div(th), ow = g.bySW.div(tw);
        if (oh * g.sh != th || ow * g.sw != tw || oh >= g.OH || ow >= g.OW) return nullptr;
        return gy + (((long long)n * g.F + f) * g.OH + oh) * g.OW + ow;
    }
    __device__ __forceinline__ const float* b(int k, int c) const {
        int kk = g.KH * g.KW, f = g.byKK.div(k), r = k - f * kk;
        return w + ((long long)f * g.C + c) * kk + r;
    }
    __device__ __forceinline__ float* c(int m, int c) const {
        int hw = g.H * g.W, n = g.byHW.div(m), pix = m - n * hw;
        return gx + ((long long)n * g.C + c) * hw + pix;
    }
};

struct ConvBackwardWeightOp {
    ConvGeo g;
    const float* x; const float* gy; float* out;   // out: gw (F, C*KH*KW), or a split's slice
    bool aMFast = false, bNFast = false;
    // A: gy's rows of OH*OW floats per image; 16-byte copies when OH*OW % 4 == 0 (a 4-aligned
    // group of p never crosses an image then)
    bool aVec, bVec = false;
    __device__ ConvBackwardWeightOp(const ConvGeo& g_, const float* x_, const float* gy_, float* out_)
        : g(g_), x(x_), gy(gy_), out(out_),
          aVec((g_.OH * g_.OW) % 4 == 0 && (reinterpret_cast<unsigned long long>(gy_) & 15) == 0) {}
    __device__ __forceinline__ const float* a(int f, int p) const {
        int ohow = g.OH * g.OW, n = g.byOHOW.div(p), pix = p - n * ohow;
        return gy + ((long long)n * g.F + f) * ohow + pix;
    }
    __device__ __forceinline__ const float* b(int p, int r) const {
        int ohow = g.OH * g.OW, n = g.byOHOW.div(p), pix = p - n * ohow, oh = g.byOW.div(pix), ow = pix - oh * g.OW;
        int kk = g.KH * g.KW, c = g.byKK.div(r), t = r - c * kk, kh = g.byKW.div(t), kw = t - kh * g.KW;
        return g.xAt(x, n, c, oh, ow, kh, kw);
    }
    __device__ __forceinline__ float* c(int f, int r) const {
        return out + (long long)f * (g.C * g.KH * g.KW) + r;
    }
};

#define CONV_GEO_PARAMS int batch, int inChannels, int height, int width, int outChannels, \
                        int kernelH, int kernelW, int strideH, int strideW, int padH, int padW
#define CONV_GEO ConvGeo(batch, inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW)

// The K range [k0, k1) of split blockIdx.z: fixed chunks of ceil(K / splits) rounded up to the
// K-tile, so the summation order depends only on the arguments.
__device__ __forceinline__ void split_range(int K, int splits, int tile, int* k0, int* k1) {
    int chunk = (K + splits - 1) / splits;
    chunk = (chunk + tile - 1) / tile * tile;
    long long lo = (long long)blockIdx.z * chunk, hi = lo + chunk;
    *k0 = (int)(lo < K ? lo : K);
    *k1 = (int)(hi < K ? hi : K);
}

// ----------------------------------------------------------------------------
// conv2d_forward_f32 / conv2d_forward_tf32: y = conv2d(x, w)
//
// launch: grid = (ceil(Nb*OH*OW / 128), ceil(F / 128), 1),
//         block = 256 (f32) or 128 (tf32), no dynamic shared memory
//
// reference (Reference.conv2dForward):
//     for n, f, oh, ow:
//       float s = 0;
//       for (c = 0; c < C; c++) for (kh = 0; kh < KH; kh++) for (kw = 0; kw < KW; kw++) {
//         int h = oh * sh - ph + kh, wi = ow * sw - pw + kw;
//         if (0 <= h && h < H && 0 <= wi && wi < W) s += x[n][c][h][wi] * w[f][c][kh][kw];
//       }
//       y[n][f][oh][ow] = s;

extern "C" __global__ void __launch_bounds__(F32_THREADS, 2)
conv2d_forward_f32(const float* x, const float* w, float* y, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    ConvForwardOp op(g, x, w, y);
    gemm_tile_f32(op, g.Nb * g.OH * g.OW, g.F, 0, g.C * g.KH * g.KW, 1.0f, 0.0f);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS)
conv2d_forward_tf32(const float* x, const float* w, float* y, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    ConvForwardOp op(g, x, w, y);
    gemm_tile_tf32(op, g.Nb * g.OH * g.OW, g.F, 0, g.C * g.KH * g.KW, 1.0f, 0.0f, w);
}

// ----------------------------------------------------------------------------
// conv2d_backward_input_f32 / _tf32: gx = d(sum y * gy)/dx, gather form, no atomics
//
// launch: grid = (ceil(Nb*H*W / 128), ceil(C / 128), 1),
//         block = 256 (f32) or 128 (tf32), no dynamic shared memory
//
// reference (Reference.conv2dBackwardInput, as a gather):
//     for n, c, h, wi:
//       float s = 0;
//       for (f = 0; f < F; f++) for (kh = 0; kh < KH; kh++) for (kw = 0; kw < KW; kw++) {
//         int th = h + ph - kh, tw = wi + pw - kw;
//         if (th < 0 || tw < 0 || th % sh || tw % sw) continue;
//         int oh = th / sh, ow = tw / sw;
//         if (oh < OH && ow < OW) s += gy[n][f][oh][ow] * w[f][c][kh][kw];
//       }
//       gx[n][c][h][wi] = s;

extern "C" __global__ void __launch_bounds__(F32_THREADS, 2)
conv2d_backward_input_f32(const float* gy, const float* w, float* gx, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    ConvBackwardInputOp op(g, gy, w, gx);
    gemm_tile_f32(op, g.Nb * g.H * g.W, g.C, 0, g.F * g.KH * g.KW, 1.0f, 0.0f);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS)
conv2d_backward_input_tf32(const float* gy, const float* w, float* gx, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    ConvBackwardInputOp op(g, gy, w, gx);
    gemm_tile_tf32(op, g.Nb * g.H * g.W, g.C, 0, g.F * g.KH * g.KW, 1.0f, 0.0f, w);
}

// ----------------------------------------------------------------------------
// conv2d_backward_weight_f32 / _tf32: gw = d(sum y * gy)/dw, deterministic split-K
//
// launch: grid = (ceil(F / 128), ceil(C*KH*KW / 128), splits),
//         block = 256 (f32) or 128 (tf32), no dynamic shared memory.
// out: gw itself when splits == 1; otherwise a workspace of splits * F*C*KH*KW floats, split s
// writing out[s * F*C*KH*KW ...], followed by conv2d_splitk_reduce_f32(gw, out, splits, F*C*KH*KW).
// A split whose K range is empty writes zeros. Choose splits so that the grid has a few blocks
// per SM, e.g. splits = min(ceil(2 * SMs / blocks), ceil(Nb*OH*OW / 512)).
//
// reference (Reference.conv2dBackwardWeight):
//     for f, c, kh, kw:
//       float s = 0;
//       for (n = 0; n < Nb; n++) for (oh = 0; oh < OH; oh++) for (ow = 0; ow < OW; ow++) {
//         int h = oh * sh - ph + kh, wi = ow * sw - pw + kw;
//         if (0 <= h && h < H && 0 <= wi && wi < W) s += gy[n][f][oh][ow] * x[n][c][h][wi];
//       }
//       gw[f][c][kh][kw] = s;

extern "C" __global__ void __launch_bounds__(F32_THREADS, 2)
conv2d_backward_weight_f32(const float* x, const float* gy, float* out, int splits, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    int k0, k1;
    split_range(g.Nb * g.OH * g.OW, splits, F32_BK, &k0, &k1);
    long long count = (long long)g.F * g.C * g.KH * g.KW;
    ConvBackwardWeightOp op(g, x, gy, out + blockIdx.z * count);
    gemm_tile_f32(op, g.F, g.C * g.KH * g.KW, k0, k1, 1.0f, 0.0f);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS)
conv2d_backward_weight_tf32(const float* x, const float* gy, float* out, int splits, CONV_GEO_PARAMS) {
    ConvGeo g = CONV_GEO;
    int k0, k1;
    split_range(g.Nb * g.OH * g.OW, splits, TF_BK, &k0, &k1);
    long long count = (long long)g.F * g.C * g.KH * g.KW;
    ConvBackwardWeightOp op(g, x, gy, out + blockIdx.z * count);
    gemm_tile_tf32(op, g.F, g.C * g.KH * g.KW, k0, k1, 1.0f, 0.0f, x);
}

// ----------------------------------------------------------------------------
// conv2d_splitk_reduce_f32: gw[i] = sum over s = 0, 1, ..., splits-1 of partial[s * count + i],
// in that order (deterministic).
//
// launch: block = 256, grid = ceil(count / 256)
//
// reference:
//     for (i = 0; i < count; i++) {
//       float s = 0;
//       for (z = 0; z < splits; z++) s += partial[z * count + i];
//       gw[i] = s;
//     }

extern "C" __global__ void conv2d_splitk_reduce_f32(float* gw, const float* partial, int splits, int count) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) {
        float s = 0.0f;
        for (int z = 0; z < splits; z++) s += partial[(long long)z * count + i];
        gw[i] = s;
    }
}
