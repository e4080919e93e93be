/*
A small CUDA-on-CPU emulator, for tests only: it lets g++ compile the kernels of
src/main/cuda/*.cu unchanged and run them on real CPU threads, so that their results can be
checked against plain loops on a machine without a GPU.

    g++ -std=c++20 -O1 -pthread -fno-strict-aliasing -ffp-contract=off -DIONAS_CUDA_EMU \
        -I src/test/cuda-emu -I src/main/cuda emu_gemm.cpp

(the flags, one a line, are in gxx-flags.txt, which every build of the emulator reads: the test
programs of CudaEmulatorTest and the tensor tests' emulated cuda:0 library)

The kernels' `#include <cuda_runtime.h>` finds the one-line cuda_runtime.h next to this file.

Model (what a block of a real GPU guarantees, and no more where it was cheap to keep it so):
  - A launch runs its blocks ONE AT A TIME (blocks of a grid must not depend on each other, so
    any order is legal); within a block, EVERY thread is a real std::thread running concurrently,
    as on the GPU, so a missing __syncthreads or a race can give wrong results.
  - __shared__ is `static`: since one block runs at a time, one static array per kernel is
    exactly "one copy per running block". It is not cleared between blocks (nor on the GPU).
  - __syncthreads(): a barrier over the block's threads. A thread that has returned from the
    kernel no longer counts (as on the GPU, where exited threads do not hold a barrier back).
  - Warp collectives (__shfl_xor_sync, and the mma of ptx_emu.h): every lane of the warp writes
    its value into a per-warp exchange slot, a barrier over the warp's 32 lanes, then each lane
    reads what it needs. A full-mask collective in a warp that has lost lanes (an early return)
    is undefined on the GPU; the emulator stops with a message instead.
  - Two schedules (emu::schedule), which the test programs run in turn:
      0: threads started in order, blocks in order, cp.async copies done as LATE as allowed
         (when cp.async.wait_group retires their group): a read of a stage before its wait sees
         stale data;
      1: threads started in reverse, blocks in reverse, random yields after barriers, cp.async
         copies done at once (as EARLY as possible): an overwrite of a stage that other threads
         are still reading shows up.
  - Arithmetic: float is IEEE binary32 (SSE), -ffp-contract=off keeps a * b + c unfused as nvcc's
    __f*_rn intrinsics are, fmaf is a true fma. expf, logf, tanhf, powf are glibc's, which differ
    from CUDA's by a few ulp: checks of those use tolerances.
Not modelled: several blocks at once, memory fences/atomics (none are used), warp divergence
within a collective, dynamic shared memory, streams, bank conflicts and timing.
*/
#pragma once

#ifndef IONAS_CUDA_EMU
#error "cuda_emu.h is for the CPU emulator build (-DIONAS_CUDA_EMU)"
#endif

#include <math.h>
#include <stdint.h>
#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

// ---------------------------------------------------------------------------------------------
// CUDA keywords

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __shared__ static                        // one block at a time: see the header
#define __align__(n) __attribute__((aligned(n)))
// __restrict__ is a g++ keyword already.

struct dim3 {
    unsigned x, y, z;
    constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct __attribute__((aligned(16))) float4 { float x, y, z, w; };
struct __attribute__((aligned(16))) uint4 { unsigned x, y, z, w; };
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return {x, y, z, w}; }

constexpr int warpSize = 32;

// The built-in variables: per thread where they differ between the threads of a block.
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;                   // set before a launch's threads start

// ---------------------------------------------------------------------------------------------
// Intrinsics. With -ffp-contract=off each of these is one correctly rounded IEEE operation.

inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return sqrtf(a); }
inline float __int_as_float(int i) { return std::bit_cast<float>(i); }
inline float __uint_as_float(unsigned i) { return std::bit_cast<float>(i); }
inline int __float_as_int(float f) { return std::bit_cast<int>(f); }
inline unsigned __float_as_uint(float f) { return std::bit_cast<unsigned>(f); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return sqrt(a); }
inline float __double2float_rn(double a) { return (float) a; }
inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned) (((uint64_t) a * b) >> 32); }
// CUDA's integer min/max device functions (pool.cu)
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }

// ---------------------------------------------------------------------------------------------
// The runtime: barriers, the running block, the launcher.

namespace emu {

inline int schedule = 0;                         // 0 or 1, see the header

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "EMULATOR ERROR: %s (block %u,%u,%u thread %u,%u,%u)\n", what, blockIdx.x, blockIdx.y,
                 blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
    std::fflush(stdout);
    std::abort();
}

// A reusable barrier whose group can shrink: leave() takes a thread out (it returned from the
// kernel), and if everyone else is already waiting that releases them.
// The group size and the arrival count share one atomic word, so that exactly one thread (the
// last to arrive, or the one whose leaving completes the group) sees the group complete; it then
// bumps `phase`, which the others sleep on (atomic wait: a futex, no mutex to fight over).
class Barrier {
    std::atomic<uint64_t> state{0};              // expected << 32 | arrived
    std::atomic<uint32_t> phase{0};
    void release() { phase.fetch_add(1, std::memory_order_release); phase.notify_all(); }
public:
    void reset(int n) { state.store((uint64_t) n << 32); }
    int members() { return (int) (state.load() >> 32); }
    // Waits for the whole group; the last thread to arrive runs `last` before releasing the rest.
    template <class F> void wait(F&& last) {
        uint32_t mine = phase.load(std::memory_order_acquire);
        uint64_t s = state.load(), next;
        bool complete;
        do {
            uint64_t expected = s >> 32, arrived = (s & 0xffffffffu) + 1;
            complete = arrived == expected;
            next = complete ? expected << 32 : (expected << 32 | arrived);
        } while (!state.compare_exchange_weak(s, next, std::memory_order_acq_rel));
        if (complete) { last(); release(); return; }
        // A few yields first: with many more threads than cores the rest of the group usually
        // arrives within a time slice or two, cheaper than sleeping on the futex.
        for (int i = 0; i < 4 && phase.load(std::memory_order_acquire) == mine; i++) std::this_thread::yield();
        for (uint32_t p = mine; p == mine; p = phase.load(std::memory_order_acquire)) phase.wait(mine, std::memory_order_acquire);
    }
    void wait() { wait([] {}); }
    void leave() {
        uint64_t s = state.load(), next;
        bool complete;
        do {
            uint64_t expected = (s >> 32) - 1, arrived = s & 0xffffffffu;
            complete = arrived > 0 && arrived == expected;
            next = expected << 32 | (complete ? 0 : arrived);
        } while (!state.compare_exchange_weak(s, next, std::memory_order_acq_rel));
        if (complete) release();
    }
};

// One warp: its barrier and a double-buffered exchange area. Collective number c uses buffer
// c % 2: a lane can only start collective c + 2 after every lane has arrived at c + 1, hence has
// finished reading c's buffer, so one barrier per collective is enough.
struct Warp {
    Barrier bar;
    int size = 32;
    uint64_t slot[2][32][10];
};

struct Block {
    Barrier sync;                                // __syncthreads
    Barrier end;                                 // all threads done with this block
    std::vector<Warp> warps;
    int threads;
    explicit Block(int n) : warps((n + 31) / 32), threads(n) { end.reset(n); reset(); }
    // Before each block: every thread takes part again (`end` never shrinks).
    void reset() {
        sync.reset(threads);
        for (size_t w = 0; w < warps.size(); w++) {
            warps[w].size = std::min(32, threads - (int) w * 32);
            warps[w].bar.reset(warps[w].size);
        }
    }
};

inline Block* running = nullptr;                 // the block being run (one at a time)
inline thread_local int t_warp = 0, t_lane = 0, t_flip = 0;
inline thread_local std::minstd_rand t_rng;

// Schedule 1 sprinkles yields after barriers, so that threads resume in varied orders.
inline void shake() {
    if (schedule == 1 && (t_rng() & 3) == 0) std::this_thread::yield();
}

inline void syncthreads() {
    running->sync.wait();
    shake();
}

// Lane `t_lane` contributes `words` 64-bit words; returns all 32 lanes' words (valid until this
// warp's next-but-one collective).
inline const uint64_t (*warp_exchange(const uint64_t* mine, int words))[10] {
    Warp& w = running->warps[t_warp];
    if (w.bar.members() != 32) fail("full-mask warp collective in a warp that is not complete");
    int buf = t_flip;
    t_flip ^= 1;
    std::memcpy(w.slot[buf][t_lane], mine, sizeof(uint64_t) * words);
    w.bar.wait();
    shake();
    return w.slot[buf];
}

inline void finish_thread_ptx();                     // ptx_emu.h: completes pending cp.async copies

// Runs kernel() for every thread of every block of the grid. kernel is typically
// [&] { some_kernel(args...); }: each thread calls the kernel function itself.
template <class Kernel> void launch(dim3 grid, dim3 block, Kernel kernel) {
    int n = (int) (block.x * block.y * block.z);
    long long blocks = (long long) grid.x * grid.y * grid.z;
    if (n < 1 || n > 1024) { std::fprintf(stderr, "bad block size %d\n", n); std::abort(); }
    gridDim = grid;
    blockDim = block;
    Block state(n);
    running = &state;
    auto body = [&](int t) {
        threadIdx = dim3(t % block.x, (t / block.x) % block.y, t / (block.x * block.y));
        t_warp = t / 32;
        t_lane = t % 32;
        t_rng.seed(t + 1);
        for (long long i = 0; i < blocks; i++) {
            long long b = schedule == 1 ? blocks - 1 - i : i;
            blockIdx = dim3((unsigned) (b % grid.x), (unsigned) (b / grid.x % grid.y),
                            (unsigned) (b / ((long long) grid.x * grid.y)));
            t_flip = 0;
            kernel();
            finish_thread_ptx();
            // This thread has left the kernel: it no longer holds the others' barriers back.
            state.sync.leave();
            state.warps[t_warp].bar.leave();
            state.end.wait([&] { state.reset(); });
        }
    };
    std::vector<std::thread> threads;
    threads.reserve(n);
    for (int i = 0; i < n; i++) threads.emplace_back(body, schedule == 1 ? n - 1 - i : i);
    for (auto& t : threads) t.join();
    running = nullptr;
}

} // namespace emu

inline void __syncthreads() { emu::syncthreads(); }

template <class T> T __shfl_xor_sync(unsigned mask, T v, int laneMask, int width = warpSize) {
    static_assert(sizeof(T) <= 8, "shuffle of at most 64 bits");
    if (mask != 0xffffffffu || width != 32) emu::fail("only full-warp shuffles are emulated");
    uint64_t mine = 0;
    std::memcpy(&mine, &v, sizeof(T));
    const uint64_t (*all)[10] = emu::warp_exchange(&mine, 1);
    T out;
    std::memcpy(&out, &all[emu::t_lane ^ laneMask][0], sizeof(T));
    return out;
}

template <class Kernel> void emu_launch(dim3 grid, dim3 block, Kernel kernel) { emu::launch(grid, block, kernel); }

#include "ptx_emu.h"
