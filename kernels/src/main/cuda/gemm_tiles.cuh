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
"fast" flags choose how the block's threads spread their global loads, so that neighbouring
threads read neighbouring addresses (coalescing), and the TF32 tile's shared-memory layout; they
do not change the result.

Grid: blockIdx.x walks M (the long dimension of a convolution: Nb*OH*OW can pass grid.y's
65535 * 128), blockIdx.y walks N, blockIdx.z is the batch (gemm) or the K split (conv weights).

Edges: every load whose (m, k) or (k, n) falls outside [0, M) x [k0, k1) x [0, N) reads zero, and
every store outside M x N is skipped, so any M, N, K works (M = N = K = 1 included).

beta == 0 does not read C (as BLAS: C may hold garbage or NaN), alpha and beta are uniform.

Two more members say when an operand may be read 16 bytes at a time:

    bool aVec, bVec    the 4 elements at a fast index 4j .. 4j+3 (any other index) are contiguous
                       and 16-byte aligned, for every j (GemmOp: ld % 4 == 0 and an aligned
                       matrix; conv: forward's w when C*KH*KW % 4 == 0, backward-weight's gy when
                       OH*OW % 4 == 0; the implicit-im2col operands never)

Both tiles then use 128-bit loads/copies for that operand (a group cut by an edge: only its
in-range part, the rest zero), and 4-byte ones otherwise (any lda, any alignment); k0 must be a
multiple of 4. The choice is made per block, at run time, and each combination is its own
template instantiation, so that neither path pays for the other's registers.

---------------------------------------------------------------------------------------------
FP32 tile (gemm_tile_f32): exact IEEE single precision, fma accumulation.
    block tile 128 x 128, K-tile 8, 256 threads, each thread 8 x 8 outputs in registers
    shared: As[2][8][128] (A transposed: k-major) + Bs[2][8][128] = 16 KiB, double buffered:
    tile t+1 is fetched into registers while tile t is multiplied out of shared memory, so the
    loop needs one __syncthreads per K-tile.
    Thread (ty, tx) owns rows 4ty .. 4ty+3 and 64+4ty .. 64+4ty+3, and the same columns with tx:
    a quarter warp's 128-bit reads of Bs (tx = 0..7) then hit 8 different 16-byte bank groups.
    (The earlier 8 contiguous rows/columns, 8ty .. 8ty+7, put tx and tx+4 in the same group: a
    2-way conflict on every B read.)
    Global loads: one 128-bit load per operand and K-tile where aVec/bVec, else four 4-byte ones.
    __launch_bounds__(256, 2) on every FP32 kernel: ptxas keeps them at <= 128 registers, two
    blocks (16 warps) per SM; without it sgemm_f32 took 141 registers on sm_90, one block per SM.
  Why: 64 accumulators per thread, and per k step 8 + 8 shared loads (4 x LDS.128) for 64 FMAs,
  a 4:1 FMA:load ratio that keeps an SM's FMA pipes ahead of shared-memory bandwidth on A100 and
  H100 alike (the classic "SGEMM 128x128x8" configuration, also what llm.c's and cutlass's
  simt sgemm use). The result is bit for bit the fma loop over k ascending: only the mapping of
  outputs to threads changed, never the order of an output's sum.

TF32 tile (gemm_tile_tf32): tensor cores, mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32.
    block tile 128 x 128, K-tile 16, 128 threads = 4 warps in 2 x 2, each warp 64 x 64
    (4 x 8 mma tiles of 16 x 8, 128 accumulators per thread)
    shared: 3 stages x (A + B) x 128 x 16 floats = 48 KiB (exactly the static limit), unpadded,
    filled with cp.async: 16-byte cp.async.cg copies (4 per operand and thread per K-tile, the
    src-size operand zero-fills the edges) where aVec/bVec, else 4-byte cp.async.ca (16 per
    operand and thread, src-size 0 for zero fill). The pipeline keeps two K-tiles in flight while
    a third is multiplied: one commit group per iteration (empty ones at the end), wait_group 1,
    then ONE __syncthreads, after which the stage multiplied in the previous iteration is
    refilled.
    Layouts: each operand's stage is stored the way its rows lie in global memory, so that a
    16-byte copy lands whole:
      K-contiguous (A not transposed, B transposed, conv's w and gy):   [x][k], 16 floats a row
      MN-contiguous (A transposed, B not, conv's im2col A):             [k][x], 128 floats a row,
          the 16-byte chunk c of row k stored at c ^ swz(k), swz = 0, 1, 4, 5 for k/4 = 0..3
    Fragment reads, all 128-bit: the K-tile's 16 k are dealt to the two mma k-steps s = 0, 1 so
    that k-slot tg holds k = 4tg + 2s and slot tg+4 holds 4tg + 2s + 1 (A and B alike: the same
    products, summed in another order). A thread's k = 4tg .. 4tg+3 are then one 16-byte read in
    the K-contiguous layout; in the MN-contiguous one a thread reads 8 neighbouring m (n) per k
    row, and the mma's row g (+8) of m16 tile i is taken to be m = wm + 8g + 2i (+1) (column g of
    n8 tile j: n = wn + 8g + j), a permutation the epilogue undoes. Per K-tile and thread: 16
    LDS.128 (was 64 LDS.32) for 64 mma. Bank conflicts: a quarter warp (g = 0, 1, tg = 0..3)
    reads 8 consecutive chunks in the K-contiguous layout; in the MN-contiguous one rows 4tg + j
    at chunks 2g (+1), which the swizzle sends to 8 different bank groups. The cp.async writes are
    a row's 32 chunks (MN) or 8 whole rows (K) per warp: conflict-free too.
  The operands are rounded to TF32 (10-bit mantissa) with cvt.rna.tf32.f32 (round to nearest,
  ties away, as cuBLAS) when they are read from shared memory into fragments; the products are
  accumulated in FP32.
  Why these sizes: 64 x 64 per warp is the largest warp tile that fits the register file (128
  accumulators + 32 A + 16 B fragment registers: 194-223 registers, no spills, on sm_80 and
  sm_90, so 2 blocks = 8 warps per SM; __launch_bounds__(128, 3) would need <= 168 and spills
  hundreds of bytes). Three stages of K-tile 16 fill the 48 KiB of static shared memory: a
  4th stage or a K-tile of 32 needs dynamic shared memory and the cuFuncSetAttribute opt-in on
  the Java side (not done). The earlier version (two stages, 4-byte copies only, padded
  layouts, 32-bit fragment reads and two barriers per K-tile) spent more instructions on loads
  and address arithmetic than on mma; the expected effect (not measured here: no GPU) is a
  large part of the gap to cuBLAS on plain GEMMs with aligned operands, less on convolutions
  whose im2col operand still takes the 4-byte path. (H100's wgmma/TMA path is sm_90a only and
  outside compute_80 PTX.)
*/
#pragma once

#include <cuda_runtime.h>

// ---------------------------------------------------------------------------------------------
// FP32 main loop

#define F32_BM 128
#define F32_BN 128
#define F32_BK 8
#define F32_THREADS 256

// VA / VB: A / B are read with one 128-bit load per thread and K-tile (op.aVec / op.bVec: 4
// neighbours along the fast index are contiguous and 16-byte aligned), else with four 4-byte ones.
template <bool VA, bool VB, class Op>
__device__ __forceinline__ void f32_tile(const Op& op, int M, int N, int k0, int k1, float alpha, float beta,
                                         float (*As)[F32_BK][F32_BM], float (*Bs)[F32_BK][F32_BN]) {

    const int tid = threadIdx.x;
    const int bm = blockIdx.x * F32_BM, bn = blockIdx.y * F32_BN;   // M on x: 2^31-1 blocks
    const int ty = tid / 16, tx = tid % 16;

    // Each thread loads 4 elements of A's tile and 4 of B's (1024 each per K-tile): element i at
    // (aM[i], aK[i]) of the tile. Neighbouring threads read neighbouring addresses (coalescing).
    int aM[4], aK[4], bK[4], bN[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int e = tid + i * F32_THREADS;
        if (VA) {   // one 16-byte group: 4 consecutive m (m-fast) or k (k-fast)
            if (op.aMFast) { aM[i] = (tid & 31) * 4 + i; aK[i] = tid >> 5; } else { aM[i] = tid >> 1; aK[i] = (tid & 1) * 4 + i; }
        } else {
            if (op.aMFast) { aM[i] = e & 127; aK[i] = e >> 7; } else { aK[i] = e & 7; aM[i] = e >> 3; }
        }
        if (VB) {
            if (op.bNFast) { bN[i] = (tid & 31) * 4 + i; bK[i] = tid >> 5; } else { bN[i] = tid >> 1; bK[i] = (tid & 1) * 4 + i; }
        } else {
            if (op.bNFast) { bN[i] = e & 127; bK[i] = e >> 7; } else { bK[i] = e & 7; bN[i] = e >> 3; }
        }
    }
    float ra[4], rb[4];
    auto fetch = [&](int kBase) {
        bool fullA = false, fullB = false;
        if (VA) {   // the whole group in range: one 128-bit load
            int m = bm + aM[0], k = kBase + aK[0];
            fullA = op.aMFast ? (k < k1 && m + 3 < M) : (m < M && k + 3 < k1);
            if (fullA) {
                float4 v = *reinterpret_cast<const float4*>(op.a(m, k));
                ra[0] = v.x; ra[1] = v.y; ra[2] = v.z; ra[3] = v.w;
            }
        }
        if (VB) {
            int k = kBase + bK[0], n = bn + bN[0];
            fullB = op.bNFast ? (k < k1 && n + 3 < N) : (n < N && k + 3 < k1);
            if (fullB) {
                float4 v = *reinterpret_cast<const float4*>(op.b(k, n));
                rb[0] = v.x; rb[1] = v.y; rb[2] = v.z; rb[3] = v.w;
            }
        }
#pragma unroll
        for (int i = 0; i < 4; i++) {
            if (!fullA) {
                int m = bm + aM[i], k = kBase + aK[i];
                const float* p = (m < M && k < k1) ? op.a(m, k) : nullptr;
                ra[i] = p ? *p : 0.0f;
            }
            if (!fullB) {
                int kk = kBase + bK[i], n = bn + bN[i];
                const float* q = (kk < k1 && n < N) ? op.b(kk, n) : nullptr;
                rb[i] = q ? *q : 0.0f;
            }
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
            // Rows ty*4 .. +3 and 64 + ty*4 .. +3, columns likewise with tx: a quarter warp's
            // 128-bit reads of Bs cover 8 different 16-byte bank groups (no conflict).
            float4 a0 = *reinterpret_cast<const float4*>(&As[s][k][ty * 4]);
            float4 a1 = *reinterpret_cast<const float4*>(&As[s][k][64 + ty * 4]);
            float4 b0 = *reinterpret_cast<const float4*>(&Bs[s][k][tx * 4]);
            float4 b1 = *reinterpret_cast<const float4*>(&Bs[s][k][64 + tx * 4]);
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
        int m = bm + (i >> 2) * 64 + ty * 4 + (i & 3);
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < 8; j++) {
            int n = bn + (j >> 2) * 64 + tx * 4 + (j & 3);
            if (n >= N) continue;
            float* p = op.c(m, n);
            *p = beta == 0.0f ? alpha * acc[i][j] : fmaf(alpha, acc[i][j], beta * *p);
        }
    }
}

// k0 must be a multiple of 4 (0, or a multiple of the K-tile for conv's split-K).
template <class Op>
__device__ __forceinline__ void gemm_tile_f32(const Op& op, int M, int N, int k0, int k1,
                                              float alpha, float beta) {
    // double-buffered, 16 KiB, one pair of arrays for all four instantiations
    __shared__ __align__(16) float As[2][F32_BK][F32_BM];
    __shared__ __align__(16) float Bs[2][F32_BK][F32_BN];
    if (op.aVec) {
        if (op.bVec) f32_tile<true, true>(op, M, N, k0, k1, alpha, beta, As, Bs);
        else f32_tile<true, false>(op, M, N, k0, k1, alpha, beta, As, Bs);
    } else {
        if (op.bVec) f32_tile<false, true>(op, M, N, k0, k1, alpha, beta, As, Bs);
        else f32_tile<false, false>(op, M, N, k0, k1, alpha, beta, As, Bs);
    }
}

// ---------------------------------------------------------------------------------------------
// TF32 main loop

#define TF_BM 128
#define TF_BN 128
#define TF_BK 16
#define TF_STAGES 3
#define TF_THREADS 128
#define TF_TILE_FLOATS (TF_BM * TF_BK)   // one operand's K-tile in shared memory (= TF_BN * TF_BK)

// The inline-PTX helpers. The CPU emulator of the tests (src/test/cuda-emu, -DIONAS_CUDA_EMU) cannot
// compile asm and defines these six itself (ptx_emu.h), with the meaning the PTX ISA gives them.
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
// 16-byte async copy global -> shared, L2 only (.cg); reads `bytes` (0..16) and zero-fills the
// rest. Both addresses must be 16-byte aligned.
__device__ __forceinline__ void cp_async16(float* smem, const float* gmem, int bytes) {
    unsigned s = (unsigned)__cvta_generic_to_shared(smem);
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(s), "l"(gmem), "r"(bytes));
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

// The two shared-memory layouts of one operand's K-tile (2048 floats), see the header:
//   K-contiguous  ("KC", k is the operand's fast index):  [x][k], x*16 + k, no padding
//   MN-contiguous ("MC", m or n is the fast index):       [k][x], 128 floats a row, the 16-byte
//                  chunk c = x/4 of row k stored at chunk c ^ tf_swz(k) (an XOR swizzle inside
//                  the row, so that the fragment reads are conflict-free without padding)
__device__ __forceinline__ int tf_swz(int k) {
    int t = (k >> 2) & 3;
    return (t & 1) | ((t & 2) << 1);   // 0, 1, 4, 5
}
__device__ __forceinline__ int tf_mc_index(int k, int x) {
    return k * 128 + ((((x >> 2) ^ tf_swz(k)) << 2) | (x & 3));
}
__device__ __forceinline__ int tf_bytes(int remaining) {   // src-size of a 16-byte copy
    return remaining >= 4 ? 16 : remaining > 0 ? remaining * 4 : 0;
}

// One operand's K-tile into shared memory: A (IS_A: rows m < M, op.a) or B (rows n < N, op.b),
// `x` being m or n, k in [kBase, kBase + 16) clipped to k1. MC: the fast index is x; vec: 16-byte
// copies (4 per thread), otherwise 4-byte ones (16 per thread).
template <bool IS_A, bool MC, class Op>
__device__ __forceinline__ void tf_load(const Op& op, float* dst, int x0, int X, int kBase, int k1, bool vec,
                                        const float* zero) {
    const int tid = threadIdx.x;
    auto at = [&](int x, int k) { return IS_A ? op.a(x, k) : op.b(k, x); };
    if (vec) {
#pragma unroll
        for (int i = 0; i < 4; i++) {
            int e = tid + i * TF_THREADS, x, k, to, bytes;
            if (MC) {
                k = e >> 5; x = (e & 31) * 4; to = k * 128 + (((e & 31) ^ tf_swz(k)) << 2);
                bytes = kBase + k < k1 ? tf_bytes(X - (x0 + x)) : 0;
            } else {
                x = e >> 2; k = (e & 3) * 4; to = x * 16 + k;
                bytes = x0 + x < X ? tf_bytes(k1 - (kBase + k)) : 0;
            }
            cp_async16(dst + to, bytes > 0 ? at(x0 + x, kBase + k) : zero, bytes);
        }
    } else {
        // Not unrolled: the hoisted addresses of 16 copies would crowd the accumulators.
#pragma unroll 1
        for (int i = 0; i < 16; i++) {
            int e = tid + i * TF_THREADS, x, k, to;
            if (MC) { x = e & 127; k = e >> 7; to = tf_mc_index(k, x); }
            else { k = e & 15; x = e >> 4; to = x * 16 + k; }
            int gx = x0 + x, gk = kBase + k;
            const float* p = (gx < X && gk < k1) ? at(gx, gk) : nullptr;
            cp_async4(dst + to, p ? p : zero, p ? 4 : 0);
        }
    }
}

// The main loop for one pair of layouts (A_MC: A is m-contiguous, B_MC: B is n-contiguous).
template <bool A_MC, bool B_MC, class Op>
__device__ __forceinline__ void tf32_tile(const Op& op, int M, int N, int k0, int k1, float alpha, float beta,
                                          const float* zero, bool vecA, bool vecB, float* smem) {
    const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    const int bm = blockIdx.x * TF_BM, bn = blockIdx.y * TF_BN;   // M on x: 2^31-1 blocks
    const int wm = (warp >> 1) * 64, wn = (warp & 1) * 64;
    const int g = lane >> 2, tg = lane & 3;   // mma groupID, threadID_in_group

    auto load = [&](int stage, int kBase) {
        float* st = smem + stage * (2 * TF_TILE_FLOATS);
        tf_load<true, A_MC>(op, st, bm, M, kBase, k1, vecA, zero);
        tf_load<false, B_MC>(op, st + TF_TILE_FLOATS, bn, N, kBase, k1, vecB, zero);
    };

    float acc[4][8][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 8; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) acc[i][j][r] = 0.0f;

    const int tiles = k1 > k0 ? (k1 - k0 + TF_BK - 1) / TF_BK : 0;
    // Prologue: stages 0 .. STAGES-2 in flight. Every iteration commits one group (possibly
    // empty), so "tile t has landed" is always "at most STAGES-2 groups pending".
#pragma unroll
    for (int s = 0; s < TF_STAGES - 1; s++) {
        if (s < tiles) load(s, k0 + s * TF_BK);
        cp_async_commit();
    }
    int readStage = 0, writeStage = TF_STAGES - 1;
    for (int t = 0; t < tiles; t++) {
        cp_async_wait<TF_STAGES - 2>();   // this thread's copies of tile t are done
        // Everyone's copies of tile t are visible, and everyone has finished tile t-1, whose
        // stage (writeStage) the load below overwrites: one barrier per K-tile.
        __syncthreads();
        if (t + TF_STAGES - 1 < tiles) load(writeStage, k0 + (t + TF_STAGES - 1) * TF_BK);
        cp_async_commit();

        const float* as = smem + readStage * (2 * TF_TILE_FLOATS);
        const float* bs = as + TF_TILE_FLOATS;
        // The K-tile's 16 k are shared out over the two mma steps s = 0, 1 so that each thread's
        // fragment elements lie next to each other: in step s the mma's k-slot tg holds
        // k = 4 tg + 2 s and slot tg + 4 holds k = 4 tg + 2 s + 1 (A and B alike, so the products
        // pair up as they must; the sum over k is the same, only its order differs).
        // af[i][s]: A fragment of m16 tile i in step s (a0..a3 of the PTX ISA layout).
        unsigned af[4][2][4];
        if (!A_MC) {
            // As[m][k]: row m's k = 4tg .. 4tg+3 is one 16-byte read; mma row g (+8) of tile i
            // is m = wm + 16 i + g (+8).
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int h = 0; h < 2; h++) {
                    float4 v = *reinterpret_cast<const float4*>(as + (wm + 16 * i + g + 8 * h) * 16 + 4 * tg);
                    af[i][0][h] = to_tf32(v.x);
                    af[i][0][2 + h] = to_tf32(v.y);
                    af[i][1][h] = to_tf32(v.z);
                    af[i][1][2 + h] = to_tf32(v.w);
                }
        } else {
            // As[k][m]: row k's m = wm + 8g .. wm + 8g + 7 are two 16-byte reads; mma row g (+8)
            // of tile i is m = wm + 8 g + 2 i (+1).
#pragma unroll
            for (int j = 0; j < 4; j++) {
                int k = 4 * tg + j;
                float4 v0 = *reinterpret_cast<const float4*>(as + tf_mc_index(k, wm + 8 * g));
                float4 v1 = *reinterpret_cast<const float4*>(as + tf_mc_index(k, wm + 8 * g + 4));
                float v[8] = {v0.x, v0.y, v0.z, v0.w, v1.x, v1.y, v1.z, v1.w};
#pragma unroll
                for (int i = 0; i < 4; i++) {
                    af[i][j >> 1][2 * (j & 1)] = to_tf32(v[2 * i]);
                    af[i][j >> 1][2 * (j & 1) + 1] = to_tf32(v[2 * i + 1]);
                }
            }
        }
        if (!B_MC) {
            // Bs[n][k]: column n = wn + 8 jj + g of n8 tile jj, k = 4tg .. 4tg+3 in one read.
#pragma unroll
            for (int jj = 0; jj < 8; jj++) {
                float4 v = *reinterpret_cast<const float4*>(bs + (wn + 8 * jj + g) * 16 + 4 * tg);
                unsigned bf[2][2] = {{to_tf32(v.x), to_tf32(v.y)}, {to_tf32(v.z), to_tf32(v.w)}};
#pragma unroll
                for (int s = 0; s < 2; s++)
#pragma unroll
                    for (int i = 0; i < 4; i++) mma_tf32(acc[i][jj], af[i][s], bf[s]);
            }
        } else {
            // Bs[k][n]: row k's n = wn + 8g .. wn + 8g + 7 in two reads; column g of n8 tile jj
            // is n = wn + 8 g + jj.
#pragma unroll
            for (int s = 0; s < 2; s++) {
                unsigned bq[2][8];
#pragma unroll
                for (int r = 0; r < 2; r++) {
                    int k = 4 * tg + 2 * s + r;
                    float4 v0 = *reinterpret_cast<const float4*>(bs + tf_mc_index(k, wn + 8 * g));
                    float4 v1 = *reinterpret_cast<const float4*>(bs + tf_mc_index(k, wn + 8 * g + 4));
                    bq[r][0] = to_tf32(v0.x); bq[r][1] = to_tf32(v0.y); bq[r][2] = to_tf32(v0.z); bq[r][3] = to_tf32(v0.w);
                    bq[r][4] = to_tf32(v1.x); bq[r][5] = to_tf32(v1.y); bq[r][6] = to_tf32(v1.z); bq[r][7] = to_tf32(v1.w);
                }
#pragma unroll
                for (int jj = 0; jj < 8; jj++) {
                    unsigned bf[2] = {bq[0][jj], bq[1][jj]};
#pragma unroll
                    for (int i = 0; i < 4; i++) mma_tf32(acc[i][jj], af[i][s], bf);
                }
            }
        }
        readStage = readStage == TF_STAGES - 1 ? 0 : readStage + 1;
        writeStage = writeStage == TF_STAGES - 1 ? 0 : writeStage + 1;
    }
    cp_async_wait<0>();   // only empty groups are left; nothing may be pending at exit

    // Accumulator layout of m16n8: c0,c1 at mma (row g, cols 2tg, 2tg+1); c2,c3 at row g + 8;
    // mma rows and columns map back to m and n as the fragment reads above chose.
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 8; j++)
#pragma unroll
            for (int r = 0; r < 4; r++) {
                int m = bm + (A_MC ? wm + 8 * g + 2 * i + (r >> 1) : wm + 16 * i + g + 8 * (r >> 1));
                int n = bn + (B_MC ? wn + 8 * (2 * tg + (r & 1)) + j : wn + 8 * j + 2 * tg + (r & 1));
                if (m < M && n < N) {
                    float* p = op.c(m, n);
                    *p = beta == 0.0f ? alpha * acc[i][j][r] : fmaf(alpha, acc[i][j][r], beta * *p);
                }
            }
}

// `zero` is a valid global address, 16-byte aligned for the 16-byte copies to be used: the
// source operand of the zero-filling copies. k0 must be a multiple of 4 (it is 0, or a multiple
// of the K-tile for conv's split-K).
template <class Op>
__device__ __forceinline__ void gemm_tile_tf32(const Op& op, int M, int N, int k0, int k1,
                                               float alpha, float beta, const float* zero) {
    // 3 stages x (A + B) x 2048 floats = 48 KiB, the most static shared memory a block may have;
    // one array for all four layout instantiations below.
    __shared__ __align__(16) float smem[TF_STAGES * 2 * TF_TILE_FLOATS];
    bool zeroAligned = (reinterpret_cast<unsigned long long>(zero) & 15) == 0;
    bool vecA = op.aVec && zeroAligned, vecB = op.bVec && zeroAligned;
    if (op.aMFast) {
        if (op.bNFast) tf32_tile<true, true>(op, M, N, k0, k1, alpha, beta, zero, vecA, vecB, smem);
        else tf32_tile<true, false>(op, M, N, k0, k1, alpha, beta, zero, vecA, vecB, smem);
    } else {
        if (op.bNFast) tf32_tile<false, true>(op, M, N, k0, k1, alpha, beta, zero, vecA, vecB, smem);
        else tf32_tile<false, false>(op, M, N, k0, k1, alpha, beta, zero, vecA, vecB, smem);
    }
}
