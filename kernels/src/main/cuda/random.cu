/*
Counter-based random numbers: Philox 4x32-10 (Salmon et al., SC 2011), with exactly the stream
layout of ionas.kernels.Philox, so that a (seed, offset) gives the same tensor on the CPU and here:
element i of a draw starting at stream position `offset` comes from position p = offset + i, with
    counter = (lo32(p), hi32(p), 0, 0),  key = (lo32(seed), hi32(seed)),  10 rounds,
and of the four 32-bit outputs
    uniform: the first, as (bits >>> 8) * 2^-24, in [0, 1), exact in float (Philox.toUniform);
    normal:  the first two, Box-Muller in DOUBLE as Philox.normal:
             u1 = ((r0 >>> 8) + 1) * 2^-24 in (0, 1], u2 = (r1 >>> 8) * 2^-24,
             sqrt(-2 ln u1) * cos(2 pi u2), then rounded to float (CpuBackend.random's float path).
Uniforms and dropout masks are bit-identical to the CPU's; normals are too whenever CUDA's
double log/cos/sqrt round as Java's do (both within 1 ulp of double; after rounding to float a
difference is at most 1 float ulp, and rare).
float32 output only (float64 tensors draw on the CPU).

No tiling: one thread per element, grid-stride; each element is an independent Philox block
(10 rounds of 2 32x32->64-bit multiplies), so the kernels are compute bound and need no sharing.
The generator's state (seed, offset) stays on the host (ionas.tensor.Generator): a draw of n
elements reserves n positions, whichever device runs it.
*/

#include <cuda_runtime.h>
#include <stdint.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

// Philox.block: the four outputs for counter (c0, c1, c2, c3) and key (k0, k1).
__device__ __forceinline__ uint4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3,
                                               uint32_t k0, uint32_t k1) {
    #pragma unroll
    for (int round = 0; round < 10; round++) {
        if (round > 0) { k0 += PHILOX_W0; k1 += PHILOX_W1; }
        uint32_t hi0 = __umulhi(PHILOX_M0, c0), lo0 = PHILOX_M0 * c0;
        uint32_t hi1 = __umulhi(PHILOX_M1, c2), lo1 = PHILOX_M1 * c2;
        uint32_t n0 = hi1 ^ c1 ^ k0;
        uint32_t n1 = lo1;
        uint32_t n2 = hi0 ^ c3 ^ k1;
        uint32_t n3 = lo0;
        c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    }
    return make_uint4(c0, c1, c2, c3);
}

__device__ __forceinline__ uint4 philox_at(unsigned long long seed, unsigned long long position) {
    return philox4x32_10((uint32_t) position, (uint32_t) (position >> 32), 0u, 0u,
                         (uint32_t) seed, (uint32_t) (seed >> 32));
}

// Philox.toUniform
__device__ __forceinline__ float to_uniform(uint32_t bits) {
    return (float) (bits >> 8) * 0x1.0p-24f;
}

// ----------------------------------------------------------------------------
// uniform: out[i] = U[0, 1) at stream position offset + i.
//
// launch: block = 256, grid = min(ceil(n / 256), 65535), grid-stride loop
//
// reference:
//     for (long i = 0; i < n; i++) out[i] = Philox.uniform(seed, offset + i);

extern "C" __global__ void uniform_f32(float* out, long long n, unsigned long long seed, unsigned long long offset) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        out[i] = to_uniform(philox_at(seed, offset + (unsigned long long) i).x);
    }
}

// ----------------------------------------------------------------------------
// normal: out[i] = N(0, 1) at stream position offset + i (Box-Muller in double, then float).
//
// launch: block = 256, grid = min(ceil(n / 256), 65535), grid-stride loop
//
// reference:
//     for (long i = 0; i < n; i++) out[i] = (float) Philox.normal(seed, offset + i);

extern "C" __global__ void normal_f32(float* out, long long n, unsigned long long seed, unsigned long long offset) {
    const double TWO_PI = 6.283185307179586;       // 2 * Math.PI, as the double Java uses
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        uint4 r = philox_at(seed, offset + (unsigned long long) i);
        double u1 = (double) ((r.x >> 8) + 1u) * 0x1.0p-24;
        double u2 = (double) (r.y >> 8) * 0x1.0p-24;
        out[i] = (float) (sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2));
    }
}

// ----------------------------------------------------------------------------
// dropout: inverted dropout as nn.Dropout composes it on the CPU:
//     keep = uniform < keepProb ? 1 : 0          (NDArray.bernoulli(gen, 1 - p): rand(...).lt(1 - p))
//     mask = keep / keepProb                     (keep.div(1 - p)), written for the backward pass
//     y    = x * mask
// keepProb = (float) (1 - p), as the host rounds the scalar; the stream positions are those of the
// bernoulli draw (offset = gen.advance(n)). y may alias x; mask may be null (pass 0) when only y
// is needed.
//
// launch: block = 256, grid = min(ceil(n / 256), 65535), grid-stride loop
//
// reference:
//     for (long i = 0; i < n; i++) {
//         float keep = Philox.uniform(seed, offset + i) < keepProb ? 1f : 0f;
//         float m = keep / keepProb;
//         if (mask != null) mask[i] = m;
//         y[i] = x[i] * m;
//     }

extern "C" __global__ void dropout_f32(float* y, float* mask, const float* x, long long n, float keepProb,
                                       unsigned long long seed, unsigned long long offset) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float u = to_uniform(philox_at(seed, offset + (unsigned long long) i).x);
        float m = __fdiv_rn(u < keepProb ? 1.0f : 0.0f, keepProb);
        if (mask != 0) mask[i] = m;
        y[i] = __fmul_rn(x[i], m);
    }
}
