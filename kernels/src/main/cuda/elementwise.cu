/*
Elementwise kernels over float32: fill, every UnaryOp and BinaryOp (also with a scalar operand), where, and strided copy, both
over contiguous arrays and over strided/broadcast views of up to 8 dimensions.

The GPU path is float32 only. The CPU also has float64 tensors (for gradient checks); those never
come here. Results follow the CPU definitions (ionas.kernels.UnaryOp / BinaryOp .apply, rounded to
float; sigmoid as ElementwiseKernels' float formula 1 / (e^-x + 1)). The transcendental functions
(expf, logf, tanhf, powf) are CUDA's IEEE-faithful versions (a few ulp), not the fast intrinsics,
and the CPU's float exp is ExpKernel's polynomial (also a few ulp): those ops agree within ulps,
the others (neg, abs, relu, sqrt, reciprocal, sign, + - * /, max, min, comparisons, where, copy)
bit for bit.

The Maven build (kernels/pom.xml, src/main/cuda/ptx.sh) compiles this file with
    nvcc -ptx -arch=compute_80 -O3 elementwise.cu -o elementwise.ptx
into target/classes/ionas/kernels/cuda/elementwise.ptx. No --use_fast_math.

Launch shape of the contiguous kernels (fill_f32, unary_f32, add_f32, binary_f32, binary_scalar_f32): a 1-D grid of
1-D blocks, one thread per element,
    block = 256, grid = ceil(n / 256)
The kernels are memory bound; 256 threads per block keeps every SM busy on any n worth a launch,
and the `i < n` guard handles the last, partial block.

Launch shape of the strided kernels (*_strided_f32): a 1-D grid-stride loop over the n elements of
the output in row-major order,
    block = 256, grid = min(ceil(n / 256), 65535)   (any grid works: the loop covers the rest)
The view is described by a `Layout` passed by value (296 bytes of kernel parameters): the shape
and, per operand, the element stride of each dimension (0 for a broadcast dimension). Each thread
turns its linear index into a coordinate, innermost dimension first, and the coordinate into one
offset per operand. No tiling: for the views the tensor layer makes (transposes, broadcasts of a
row or a column) neighbouring threads still read neighbouring or identical addresses in the
innermost dimension, and a transpose-specific tiled kernel can come later if profiles ask for it.
Offsets are 64-bit, so views of more than 2^31 elements work.
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
// unary op codes: the ordinals of ionas.kernels.UnaryOp (checked by PtxModulesTest)
//     0 = NEG         -x
//     1 = EXP         e^x (expf, not __expf: IEEE-faithful, a few ulp)
//     2 = LOG         ln x (logf)
//     3 = SQRT        sqrt(x), correctly rounded (nvcc's default -prec-sqrt=true)
//     4 = ABS         |x|
//     5 = RELU        max(x, 0), NaN stays NaN (as UnaryOp.RELU and PyTorch)
//     6 = SIGMOID     1 / (e^-x + 1): e^-x overflows to +inf for very negative x, giving 0, never NaN
//     7 = TANH        tanhf
//     8 = RECIPROCAL  1 / x, correctly rounded (-prec-div=true)
//     9 = SIGN        -1, 0 or 1; keeps -0.0, 0.0 and NaN as Math.signum does
// An unknown code writes NaN, so that a missing case cannot pass for a right answer. `op` is
// uniform over a launch, so the switch does not diverge.

#define UNARY_NEG 0
#define UNARY_EXP 1
#define UNARY_LOG 2
#define UNARY_SQRT 3
#define UNARY_ABS 4
#define UNARY_RELU 5
#define UNARY_SIGMOID 6
#define UNARY_TANH 7
#define UNARY_RECIPROCAL 8
#define UNARY_SIGN 9

#define NAN_F32 __int_as_float(0x7fc00000)

__device__ __forceinline__ float unary_apply(int op, float v) {
    switch (op) {
        case UNARY_NEG:        return -v;
        case UNARY_EXP:        return expf(v);
        case UNARY_LOG:        return logf(v);
        case UNARY_SQRT:       return sqrtf(v);
        case UNARY_ABS:        return fabsf(v);
        case UNARY_RELU:       return (v > 0.0f || v != v) ? v : 0.0f;
        case UNARY_SIGMOID:    return __fdiv_rn(1.0f, __fadd_rn(expf(-v), 1.0f));
        case UNARY_TANH:       return tanhf(v);
        case UNARY_RECIPROCAL: return __fdiv_rn(1.0f, v);
        case UNARY_SIGN:       return v > 0.0f ? 1.0f : (v < 0.0f ? -1.0f : v);
        default:               return NAN_F32; // not implemented
    }
}

// ----------------------------------------------------------------------------
// binary op codes: the ordinals of ionas.kernels.BinaryOp (checked by PtxModulesTest)
//     0 = ADD  1 = SUB  2 = MUL  3 = DIV    a op b, each correctly rounded (no fma contraction:
//                                           the __f*_rn intrinsics are never fused)
//     4 = POW  powf(a, b) (a few ulp)
//     5 = MAX  a if a is NaN or a >= b, else b (NaN wins, as torch.maximum; -0/0 picks a)
//     6 = MIN  a if a is NaN or a <= b, else b
//     7 = EQ  8 = NE  9 = LT  10 = LE  11 = GT  12 = GE   1.0 where true, else 0.0

#define BINARY_ADD 0
#define BINARY_SUB 1
#define BINARY_MUL 2
#define BINARY_DIV 3
#define BINARY_POW 4
#define BINARY_MAX 5
#define BINARY_MIN 6
#define BINARY_EQ 7
#define BINARY_NE 8
#define BINARY_LT 9
#define BINARY_LE 10
#define BINARY_GT 11
#define BINARY_GE 12

__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return __fadd_rn(a, b);
        case BINARY_SUB: return __fsub_rn(a, b);
        case BINARY_MUL: return __fmul_rn(a, b);
        case BINARY_DIV: return __fdiv_rn(a, b);
        case BINARY_POW: return powf(a, b);
        case BINARY_MAX: return (a != a || a >= b) ? a : b;
        case BINARY_MIN: return (a != a || a <= b) ? a : b;
        case BINARY_EQ:  return a == b ? 1.0f : 0.0f;
        case BINARY_NE:  return a != b ? 1.0f : 0.0f;
        case BINARY_LT:  return a < b ? 1.0f : 0.0f;
        case BINARY_LE:  return a <= b ? 1.0f : 0.0f;
        case BINARY_GT:  return a > b ? 1.0f : 0.0f;
        case BINARY_GE:  return a >= b ? 1.0f : 0.0f;
        default:         return NAN_F32; // not implemented
    }
}

// ----------------------------------------------------------------------------
// unary: out[i] = f(x[i]), contiguous, f = UnaryOp.values()[op] (codes above); out may alias x
//
// reference:
//     for (int i = 0; i < n; i++) out[i] = (float) UnaryOp.values()[op].apply(x[i]);

extern "C" __global__ void unary_f32(float* out, const float* x, int op, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = unary_apply(op, x[i]);
    }
}

// ----------------------------------------------------------------------------
// binary: out[i] = a[i] op b[i], contiguous, same length (out may alias a or b)
//
// reference:
//     for (int i = 0; i < n; i++) out[i] = (float) BinaryOp.values()[op].apply(a[i], b[i]);

extern "C" __global__ void binary_f32(float* out, const float* a, const float* b, int op, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        out[i] = binary_apply(op, a[i], b[i]);
    }
}

// ----------------------------------------------------------------------------
// binary_scalar: out[i] = a[i] op s, or s op a[i] when scalar_first != 0; contiguous (out may
// alias a). A scalar operand (x * 0.5, x + 1, clamp's bounds, relu's mask x > 0) as a kernel
// argument: one launch, where a filled one-element array broadcast into binary_strided_f32 took a
// memset, a fill and a strided launch. The same binary_apply, so the same bits as binary_f32 with
// b[i] = s. `op` and `scalar_first` are uniform over a launch: no divergence.
//
// reference:
//     for (int i = 0; i < n; i++)
//         out[i] = (float) (scalarFirst ? BinaryOp.values()[op].apply(s, a[i]) : BinaryOp.values()[op].apply(a[i], s));

extern "C" __global__ void binary_scalar_f32(float* out, const float* a, float s, int op, int scalar_first, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float v = a[i];
        out[i] = scalar_first ? binary_apply(op, s, v) : binary_apply(op, v, s);
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
        out[i] = __fadd_rn(a[i], b[i]);
    }
}

// ----------------------------------------------------------------------------
// Strided and broadcast views, up to 8 dimensions.
//
// Layout, passed by value (on the host: 296 little-endian bytes, 8-aligned):
//     offset   0: int  ndim               1..8 (0 = a scalar: one element)
//     offset   4: int  shape[8]           the output's shape, dims >= ndim ignored
//     offset  40: long out[8]             element strides of the output
//     offset 104: long a[8]               element strides of the first input (0 = broadcast)
//     offset 168: long b[8]               element strides of the second input
//     offset 232: long c[8]               element strides of the third input (where's condition)
// The data pointers already point at each view's first element (the view's offset).
// Strides may be any value the tensor layer makes (0 for broadcast, negative never today, but the
// arithmetic is signed, so a flipped view works too).

#define MAX_DIMS 8

struct Layout {
    int ndim;
    int shape[MAX_DIMS];
    long long out[MAX_DIMS];
    long long a[MAX_DIMS];
    long long b[MAX_DIMS];
    long long c[MAX_DIMS];
};
// the byte layout the host writes (CudaKernels.layout in the tests)
static_assert(sizeof(Layout) == 296, "Layout is 296 bytes");
static_assert(offsetof(Layout, out) == 40 && offsetof(Layout, a) == 104 && offsetof(Layout, b) == 168
              && offsetof(Layout, c) == 232, "Layout field offsets");

// The offsets of linear (row-major) output index i into out, a, b and c.
__device__ __forceinline__ void layout_offsets(const Layout& L, long long i, long long* o, long long* a,
                                               long long* b, long long* c) {
    long long oo = 0, oa = 0, ob = 0, oc = 0;
    #pragma unroll
    for (int d = MAX_DIMS - 1; d >= 0; d--) {
        if (d < L.ndim) {
            long long size = L.shape[d];
            long long k = i % size;
            i /= size;
            oo += k * L.out[d];
            oa += k * L.a[d];
            ob += k * L.b[d];
            oc += k * L.c[d];
        }
    }
    *o = oo; *a = oa; *b = ob; *c = oc;
}

// ----------------------------------------------------------------------------
// unary_strided: out[view] = f(x[view]), f = UnaryOp.values()[op]; n = product of shape.
// Uses L.out for out and L.a for x.
//
// reference:
//     for (long i = 0; i < n; i++) {
//         int[] k = unravel(i, shape);                      // row-major coordinate
//         out[dot(k, L.out)] = (float) UnaryOp.values()[op].apply(x[dot(k, L.a)]);
//     }

extern "C" __global__ void unary_strided_f32(Layout L, float* out, const float* x, int op, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        long long o, a, b, c;
        layout_offsets(L, i, &o, &a, &b, &c);
        out[o] = unary_apply(op, x[a]);
    }
}

// ----------------------------------------------------------------------------
// binary_strided: out[view] = a[view] op b[view], broadcasting by zero strides.
// Uses L.out, L.a, L.b.
//
// reference:
//     for (long i = 0; i < n; i++) {
//         int[] k = unravel(i, shape);
//         out[dot(k, L.out)] = (float) BinaryOp.values()[op].apply(a[dot(k, L.a)], b[dot(k, L.b)]);
//     }

extern "C" __global__ void binary_strided_f32(Layout L, float* out, const float* a, const float* b, int op,
                                              long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        long long o, oa, ob, oc;
        layout_offsets(L, i, &o, &oa, &ob, &oc);
        out[o] = binary_apply(op, a[oa], b[ob]);
    }
}

// ----------------------------------------------------------------------------
// where_strided: out = cond != 0 ? a : b (ElementwiseKernels.where; NaN counts as true, since
// NaN != 0). Uses L.out, L.a, L.b, and L.c for cond.
//
// reference:
//     for (long i = 0; i < n; i++) {
//         int[] k = unravel(i, shape);
//         out[dot(k, L.out)] = cond[dot(k, L.c)] != 0 ? a[dot(k, L.a)] : b[dot(k, L.b)];
//     }

extern "C" __global__ void where_strided_f32(Layout L, float* out, const float* cond, const float* a,
                                             const float* b, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        long long o, oa, ob, oc;
        layout_offsets(L, i, &o, &oa, &ob, &oc);
        out[o] = cond[oc] != 0.0f ? a[oa] : b[ob];
    }
}

// ----------------------------------------------------------------------------
// copy_strided: out[view] = x[view], bits unchanged (contiguous(), copy_ into a slice, expand
// materialised). Uses L.out and L.a. No cast: float32 to float32.
//
// reference:
//     for (long i = 0; i < n; i++) {
//         int[] k = unravel(i, shape);
//         out[dot(k, L.out)] = x[dot(k, L.a)];
//     }

extern "C" __global__ void copy_strided_f32(Layout L, float* out, const float* x, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        long long o, a, b, c;
        layout_offsets(L, i, &o, &a, &b, &c);
        out[o] = x[a];
    }
}

// ----------------------------------------------------------------------------
// fill_strided: out[view] = value (fill_ of a slice). Uses L.out.
//
// reference:
//     for (long i = 0; i < n; i++) out[dot(unravel(i, shape), L.out)] = value;

extern "C" __global__ void fill_strided_f32(Layout L, float* out, float value, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        long long o, a, b, c;
        layout_offsets(L, i, &o, &a, &b, &c);
        out[o] = value;
    }
}
