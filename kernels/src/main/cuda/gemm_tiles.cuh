/*
The two GEMM main loops shared by gemm.cu and conv.cu (not a module of its own: ptx.sh compiles
only *.cu). Both compute one block tile of

    C[m, n] = alpha * sum_{k0 <= k < k1} A(m, k) * B(k, n) + beta * C[m, n]

where A, B and C are not arrays but an "operand map" Op, a small struct with three methods:

    const float* a(int m, int k)   address of A(m, k), or nullptr where A(m, k) is zero
    const float* b(int k, int n)   address of B(k, n), or nullptr where B(k, n) is zero
    float*       c(int m, int n)   address of C[m, n]
    bool aMFast, bNFast            which index of A (m) and of B (n) is contiguous in memory

For a plain GEMM the maps are `A + m * lda + k` (or transposed); for a convolution they do the
implicit-im2col index arithmetic (conv.cu), so no column buffer is ever materialised. The m/n
"fast" flags only choose how the block's threads spread their global loads, so that neighbouring
threads read neighbouring addresses (coalescing); they do not change the result.

Grid: blockIdx.x walks M (the long dimension of a convolution: Nb*OH*OW can pass grid.y's
65535 * 128), blockIdx.y walks N, blockIdx.z is the batch (gemm) or the K split (conv weights).

Edges: every load whose (m, k) or (k, n) falls outside [0, M) x [k0, k1) x [0, N) reads zero, and
every store outside M x N is skipped, so any M, N, K works (M = N = K = 1 included).

beta == 0 does not read C (as BLAS: C may hold garbage or NaN), alpha and beta are uniform.

---------------------------------------------------------------------------------------------
FP32 tile (gemm_tile_f32): exact IEEE single precision, fma accumulation.
    block tile 128 x 128, K-tile 8, 256 threads, each thread 8 x 8 outputs in registers
    shared: As[2][8][128] (A transposed: k-major) + Bs[2][8][128] = 16 KiB, double buffered:
    tile t+1 is fetched into registers while tile t is multiplied out of shared memory, so the
    loop needs one __syncthreads per K-tile.
  Why: 64 accumulators per thread, and per k step 8 + 8 shared loads (4 x LDS.128) for 64 FMAs,
  a 4:1 FMA:load ratio that keeps an SM's FMA pipes ahead of shared-memory bandwidth on A100 and
  H100 alike (the classic "SGEMM 128x128x8" configuration, also what llm.c's and cutlass's
  simt sgemm use). 16 KiB of shared and about 128 registers per thread allow 2 blocks (16 warps)
  per SM on both.

TF32 tile (gemm_tile_tf32): tensor cores, mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32.
    block tile 128 x 128, K-tile 16, 128 threads = 4 warps in 2 x 2, each warp 64 x 64
    (4 x 8 mma tiles of 16 x 8, 128 accumulators per thread)
    shared: As[2][128][16+4] + Bs[2][16][128+8] = 37 KiB, two stages filled with cp.async
    (4-byte copies with src-size 0 for zero fill at the edges: any lda, any alignment),
    so the next tile's copy overlaps this tile's mma.
  The operands are rounded to TF32 (10-bit mantissa) with cvt.rna.tf32.f32 (round to nearest,
  ties away, as cuBLAS) when they are read from shared memory into fragments; the products are
  accumulated in FP32. The paddings (+4, +8 floats) make the fragment reads conflict-free: an A
  fragment read touches rows g = 0..7 at columns t = 0..3 (bank 20g + t mod 32, all different),
  a B read rows t = 0..3 at columns g (bank 8t + g).
  Why these sizes: 64 x 64 per warp is the largest warp tile that fits the register file (128
  accumulators + 32 fragment registers) and gives 32 mma per 12 fragment loads (4 A + 8 B of
  four and two registers); a K-tile of 32 (as in cutlass' default) would need 74 KiB for two
  stages, above the 48 KiB of static shared memory, so K-tile 16 with two stages instead.
  A100 (108 SMs) and H100 (132 SMs) both hold one such block (37 KiB, 128 threads) several times
  per SM. (H100's wgmma/TMA path is sm_90a only and outside compute_80 PTX.)
*/
#pragma once

#include <cuda_runtime.h>

// ---------------------------------------------------------------------------------------------
// FP32 main loop

#define F32_BM 128
#define F32_BN 128
#define F32_BK 8
#define F32_THREADS 256

template <class Op>
__device__ __forceinline__ void gemm_tile_f32(const Op& op, int M, int N, int k0, int k1,
                                              float alpha, float beta) {
    __shared__ __align__(16) float As[2][F32_BK][F32_BM];
    __shared__ __align__(16) float Bs[2][F32_BK][F32_BN];

    const int tid = threadIdx.x;
    const int bm = blockIdx.x * F32_BM, bn = blockIdx.y * F32_BN;   // M on x: 2^31-1 blocks
    const int ty = tid / 16, tx = tid % 16;

    // Each thread loads 4 elements of A's tile and 4 of B's (1024 each per K-tile).
    int aM[4], aK[4], bK[4], bN[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int e = tid + i * F32_THREADS;
        if (op.aMFast) { aM[i] = e & 127; aK[i] = e >> 7; } else { aK[i] = e & 7; aM[i] = e >> 3; }
        if (op.bNFast) { bN[i] = e & 127; bK[i] = e >> 7; } else { bK[i] = e & 7; bN[i] = e >> 3; }
    }
    float ra[4], rb[4];
    auto fetch = [&](int kBase) {
#pragma unroll
        for (int i = 0; i < 4; i++) {
            int m = bm + aM[i], k = kBase + aK[i];
            const float* p = (m < M && k < k1) ? op.a(m, k) : nullptr;
            ra[i] = p ? *p : 0.0f;
            int kk = kBase + bK[i], n = bn + bN[i];
            const float* q = (kk < k1 && n < N) ? op.b(kk, n) : nullptr;
            rb[i] = q ? *q : 0.0f;
        }
    };
    auto stash = [&](int s) {
#pragma unroll
        for (int i = 0; i < 4; i++) {
            As[s][aK[i]][aM[i]] = ra[i];
            Bs[s][bK[i]][bN[i]] = rb[i];
        }
    };

    float acc[8][8];
#pragma unroll
    for (int i = 0; i < 8; i++)
#pragma unroll
        for (int j = 0; j < 8; j++) acc[i][j] = 0.0f;

    int tiles = k1 > k0 ? (k1 - k0 + F32_BK - 1) / F32_BK : 0;
    if (tiles > 0) {
        fetch(k0);
        stash(0);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        int s = t & 1;
        if (t + 1 < tiles) fetch(k0 + (t + 1) * F32_BK);   // in flight during the FMAs below
#pragma unroll
        for (int k = 0; k < F32_BK; k++) {
            float4 a0 = *reinterpret_cast<const float4*>(&As[s][k][ty * 8]);
            float4 a1 = *reinterpret_cast<const float4*>(&As[s][k][ty * 8 + 4]);
            float4 b0 = *reinterpret_cast<const float4*>(&Bs[s][k][tx * 8]);
            float4 b1 = *reinterpret_cast<const float4*>(&Bs[s][k][tx * 8 + 4]);
            float a[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            float b[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int i = 0; i < 8; i++)
#pragma unroll
                for (int j = 0; j < 8; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        if (t + 1 < tiles) {
            // The other buffer was last read in iteration t-1, which every thread has left
            // (the __syncthreads at the end of t-1), so it can be overwritten now.
            stash(s ^ 1);
            __syncthreads();
        }
    }

#pragma unroll
    for (int i = 0; i < 8; i++) {
        int m = bm + ty * 8 + i;
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < 8; j++) {
            int n = bn + tx * 8 + j;
            if (n >= N) continue;
            float* p = op.c(m, n);
            *p = beta == 0.0f ? alpha * acc[i][j] : fmaf(alpha, acc[i][j], beta * *p);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TF32 main loop

#define TF_BM 128
#define TF_BN 128
#define TF_BK 16
#define TF_THREADS 128
#define TF_APAD (TF_BK + 4)    // As row stride (floats)
#define TF_BPAD (TF_BN + 8)    // Bs row stride (floats)

// The inline-PTX helpers. The CPU emulator of the tests (src/test/cuda-emu, -DIONAS_CUDA_EMU) cannot
// compile asm and defines these five itself (ptx_emu.h), with the meaning the PTX ISA gives them.
#ifndef IONAS_CUDA_EMU
__device__ __forceinline__ unsigned to_tf32(float x) {
    unsigned r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}

// 4-byte async copy global -> shared; bytes = 0 writes a zero and reads nothing.
__device__ __forceinline__ void cp_async4(float* smem, const float* gmem, int bytes) {
    unsigned s = (unsigned)__cvta_generic_to_shared(smem);
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(gmem), "r"(bytes));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
template <int N>
__device__ __forceinline__ void cp_async_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(N)); }

__device__ __forceinline__ void mma_tf32(float* c, const unsigned* a, const unsigned* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};\n"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
#endif  // IONAS_CUDA_EMU

// `zero` is any valid global address: the source operand of the zero-filling copies.
template <class Op>
__device__ __forceinline__ void gemm_tile_tf32(const Op& op, int M, int N, int k0, int k1,
                                               float alpha, float beta, const float* zero) {
    __shared__ __align__(16) float As[2][TF_BM * TF_APAD];   // As[m][k]
    __shared__ __align__(16) float Bs[2][TF_BK * TF_BPAD];   // Bs[k][n]

    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int bm = blockIdx.x * TF_BM, bn = blockIdx.y * TF_BN;   // M on x: 2^31-1 blocks
    const int wm = (warp >> 1) * 64, wn = (warp & 1) * 64;
    const int g = lane >> 2, tg = lane & 3;   // mma groupID, threadID_in_group

    auto load = [&](int s, int kBase) {
        // 2048 elements of A and 2048 of B per stage: 16 + 16 per thread. Not unrolled: the
        // hoisted addresses of 32 copies would push the 128 accumulators into local memory.
#pragma unroll 1
        for (int i = 0; i < 16; i++) {
            int e = tid + i * TF_THREADS, m, k;
            if (op.aMFast) { m = e & 127; k = e >> 7; } else { k = e & 15; m = e >> 4; }
            int gm = bm + m, gk = kBase + k;
            const float* p = (gm < M && gk < k1) ? op.a(gm, gk) : nullptr;
            cp_async4(&As[s][m * TF_APAD + k], p ? p : zero, p ? 4 : 0);
        }
#pragma unroll 1
        for (int i = 0; i < 16; i++) {
            int e = tid + i * TF_THREADS, n, k;
            if (op.bNFast) { n = e & 127; k = e >> 7; } else { k = e & 15; n = e >> 4; }
            int gn = bn + n, gk = kBase + k;
            const float* p = (gn < N && gk < k1) ? op.b(gk, gn) : nullptr;
            cp_async4(&Bs[s][k * TF_BPAD + n], p ? p : zero, p ? 4 : 0);
        }
        cp_async_commit();
    };

    float acc[4][8][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 8; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) acc[i][j][r] = 0.0f;

    int tiles = k1 > k0 ? (k1 - k0 + TF_BK - 1) / TF_BK : 0;
    if (tiles > 0) load(0, k0);
    for (int t = 0; t < tiles; t++) {
        int s = t & 1;
        if (t + 1 < tiles) {
            load(s ^ 1, k0 + (t + 1) * TF_BK);
            cp_async_wait<1>();   // stage s has landed, stage s^1 may still be in flight
        } else {
            cp_async_wait<0>();
        }
        __syncthreads();
        const float* as = As[s];
        const float* bs = Bs[s];
#pragma unroll
        for (int kk = 0; kk < TF_BK; kk += 8) {
            unsigned af[4][4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                int r = wm + i * 16 + g;
                af[i][0] = to_tf32(as[r * TF_APAD + kk + tg]);
                af[i][1] = to_tf32(as[(r + 8) * TF_APAD + kk + tg]);
                af[i][2] = to_tf32(as[r * TF_APAD + kk + tg + 4]);
                af[i][3] = to_tf32(as[(r + 8) * TF_APAD + kk + tg + 4]);
            }
            // B fragments one n8 tile at a time: 2 live registers instead of 16.
#pragma unroll
            for (int j = 0; j < 8; j++) {
                int c = wn + j * 8 + g;
                unsigned bf[2];
                bf[0] = to_tf32(bs[(kk + tg) * TF_BPAD + c]);
                bf[1] = to_tf32(bs[(kk + tg + 4) * TF_BPAD + c]);
#pragma unroll
                for (int i = 0; i < 4; i++) mma_tf32(acc[i][j], af[i], bf);
            }
        }
        __syncthreads();   // stage s is refilled by the next iteration's load
    }

    // Accumulator layout of m16n8: c0,c1 at (g, 2tg), (g, 2tg+1); c2,c3 at row g + 8.
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 8; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) {
                int m = bm + wm + i * 16 + g + (r >> 1) * 8;
                int n = bn + wn + j * 8 + tg * 2 + (r & 1);
                if (m < M && n < N) {
                    float* p = op.c(m, n);
                    *p = beta == 0.0f ? alpha * acc[i][j][r] : fmaf(alpha, acc[i][j][r], beta * *p);
                }
            }
}
