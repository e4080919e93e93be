/*
The emulator's versions of the inline-PTX helpers of src/main/cuda/gemm_tiles.cuh (there they are
`asm volatile` blocks, compiled only without IONAS_CUDA_EMU). Same names, same arguments, the
meaning the PTX ISA gives the instruction. Included by cuda_emu.h.

Reference: NVIDIA, "Parallel Thread Execution ISA" (PTX ISA 8.x), sections
  9.7.9.21  cvt                                  (cvt.rna.tf32.f32)
  9.7.9.25  cp.async, cp.async.commit_group, cp.async.wait_group
  9.7.14.5.7 "Matrix Fragments for mma.m16n8k8"  (the .tf32 A/B and .f32 C/D layouts)
  9.7.14.5.14 mma                                (D = A * B + C)
*/
#pragma once

namespace emu {

// ---------------------------------------------------------------------------------------------
// cvt.rna.tf32.f32 d, a: a rounded to TF32 (1 sign, 8 exponent, 10 mantissa bits), to nearest,
// ties AWAY from zero, returned as a .b32 whose low 13 bits are zero.
// Adding half of the dropped range (0x1000) to the magnitude bits and truncating rounds the
// magnitude half-up, i.e. ties away from zero; a carry out of the mantissa correctly bumps the
// exponent (up to infinity). Infinities and NaNs are not rounded (a NaN stays a NaN).
inline unsigned cvt_rna_tf32(float x) {
    unsigned bits = std::bit_cast<unsigned>(x);
    bool finite = (bits & 0x7f800000u) != 0x7f800000u;
    if (finite) bits += 0x1000u;
    else if (bits & 0x007fffffu) bits |= 0x00400000u;   // NaN: keep a mantissa bit above the cut
    return bits & 0xffffe000u;
}

// ---------------------------------------------------------------------------------------------
// cp.async.ca.shared.global [dst], [src], 4, srcBytes: copy srcBytes (0..4) bytes and fill the rest
// of the 4 with zeros; cp.async.cg.shared.global [dst], [src], 16, srcBytes likewise with 16 bytes
// (0..16 read), where both addresses must be 16-byte aligned (the emulator stops otherwise, as
// the GPU would fault with a misaligned address). Asynchronous: the copy may happen at any time between the instruction and
// the cp.async.wait_group that retires its group. Schedule 0 does it at the last moment (pending
// copies are queued per thread, committed groups in order), schedule 1 at once.

struct PendingCopy {
    void* dst;
    const void* src;
    int bytes;
    int size = 4;                                                   // cp-size: 4 or 16
};
inline std::atomic<long> cp_async16_count{0};                       // 16-byte copies issued (tests)
inline thread_local std::vector<PendingCopy> t_open;                  // issued, not yet committed
inline thread_local std::vector<std::vector<PendingCopy>> t_groups;   // committed, oldest first

inline void do_copy(const PendingCopy& c) {
    unsigned char word[16] = {0};
    if (c.bytes < 0 || c.bytes > c.size) fail("cp.async src-size outside 0..cp-size");
    std::memcpy(word, c.src, (size_t) c.bytes);
    std::memcpy(c.dst, word, (size_t) c.size);
}

// Whatever a thread leaves pending when it exits must still land (the block's shared memory is
// gone by then on the GPU, so it cannot matter; here it just keeps the queues empty).
inline void finish_thread_ptx() {
    for (auto& g : t_groups) for (auto& c : g) do_copy(c);
    for (auto& c : t_open) do_copy(c);
    t_groups.clear();
    t_open.clear();
}

} // namespace emu

__device__ __forceinline__ unsigned to_tf32(float x) { return emu::cvt_rna_tf32(x); }

__device__ __forceinline__ void cp_async4(float* smem, const float* gmem, int bytes) {
    emu::PendingCopy c{smem, gmem, bytes};
    if (emu::schedule == 1) emu::do_copy(c);
    else emu::t_open.push_back(c);
}

__device__ __forceinline__ void cp_async16(float* smem, const float* gmem, int bytes) {
    if ((reinterpret_cast<uintptr_t>(smem) | reinterpret_cast<uintptr_t>(gmem)) & 15u)
        emu::fail("cp.async.cg 16-byte copy with a misaligned address");
    emu::cp_async16_count.fetch_add(1, std::memory_order_relaxed);
    emu::PendingCopy c{smem, gmem, bytes, 16};
    if (emu::schedule == 1) emu::do_copy(c);
    else emu::t_open.push_back(c);
}

// cp.async.commit_group: the copies issued since the last commit become one group.
__device__ __forceinline__ void cp_async_commit() {
    emu::t_groups.push_back(std::move(emu::t_open));
    emu::t_open.clear();
}

// cp.async.wait_group N: wait until at most the N most recent groups are pending (this thread's
// own copies only: other threads' copies become visible through the __syncthreads after it).
template <int N> __device__ __forceinline__ void cp_async_wait() {
    while (emu::t_groups.size() > (size_t) N) {
        for (auto& c : emu::t_groups.front()) emu::do_copy(c);
        emu::t_groups.erase(emu::t_groups.begin());
    }
}

// ---------------------------------------------------------------------------------------------
// mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {d0..d3}, {a0..a3}, {b0, b1}, {c0..c3}
// with d = c (the kernel passes the same registers): D[16][8] = A[16][8] * B[8][8] + C[16][8],
// one warp-wide operation. Fragment layout, PTX ISA 9.7.14.5.7 (Figures "MMA .m16n8k8 fragment
// layout for matrix A with .tf32 type", "... matrix B with .tf32 type", "... accumulator matrix
// C/D with .f32 type"), for the lane %laneid:
//     groupID = %laneid >> 2,  threadID_in_group = %laneid % 4
//     A (16 x 8, row):  row = groupID            for a0 and a2, groupID + 8 for a1 and a3
//                       col = threadID_in_group  for a0 and a1, threadID_in_group + 4 for a2 and a3
//     B (8 x 8, col):   row = threadID_in_group  for b0,  threadID_in_group + 4 for b1
//                       col = groupID
//     C, D (16 x 8):    row = groupID            for c0 and c1, groupID + 8 for c2 and c3
//                       col = threadID_in_group * 2 + (i & 1)   for ci
// The emulation gathers the 32 lanes' registers into whole A, B and C matrices with exactly these
// formulas, multiplies, and hands each lane back its own four D elements with the C/D formula.
// Numerics: the tf32 inputs times each other are exact in float (11 x 11 significant bits), the
// sum is taken in float, k ascending, starting from C (the hardware's internal order is not
// specified; the tests compare TF32 results with a tolerance). An input register whose low 13 bits
// are not zero was not produced by cvt...tf32: the emulator stops, as that is a kernel bug.
__device__ __forceinline__ void mma_tf32(float* c, const unsigned* a, const unsigned* b) {
    uint64_t mine[10] = {a[0], a[1], a[2], a[3], b[0], b[1], std::bit_cast<unsigned>(c[0]),
                         std::bit_cast<unsigned>(c[1]), std::bit_cast<unsigned>(c[2]), std::bit_cast<unsigned>(c[3])};
    for (int i = 0; i < 6; i++)
        if (mine[i] & 0x1fffu) emu::fail("mma .tf32 operand with non-zero low 13 bits (not rounded to tf32)");
    const uint64_t (*lanes)[10] = emu::warp_exchange(mine, 10);

    auto f = [](uint64_t w) { return std::bit_cast<float>((unsigned) w); };
    float A[16][8], B[8][8], C[16][8];
    for (int lane = 0; lane < 32; lane++) {
        int g = lane >> 2, t = lane % 4;
        const uint64_t* r = lanes[lane];
        A[g][t] = f(r[0]);
        A[g + 8][t] = f(r[1]);
        A[g][t + 4] = f(r[2]);
        A[g + 8][t + 4] = f(r[3]);
        B[t][g] = f(r[4]);
        B[t + 4][g] = f(r[5]);
        C[g][t * 2] = f(r[6]);
        C[g][t * 2 + 1] = f(r[7]);
        C[g + 8][t * 2] = f(r[8]);
        C[g + 8][t * 2 + 1] = f(r[9]);
    }
    int g = emu::t_lane >> 2, t = emu::t_lane % 4;
    for (int i = 0; i < 4; i++) {
        int row = g + (i >= 2 ? 8 : 0), col = t * 2 + (i & 1);
        float d = C[row][col];
        for (int k = 0; k < 8; k++) d += A[row][k] * B[k][col];
        c[i] = d;
    }
}
