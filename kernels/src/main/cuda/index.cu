/*
Index kernels for the CUDA Backend, float32: gather and scatter-add along the middle axis of a
contiguous (outer, dim, inner) array, and the conversions between the Backend's index arrays
(integers stored as floats, ionas.tensor.Backend's convention) and the int32 indices that
reduce.cu's argmax and pool.cu's max-pool write and read.

Invalid indices. The CPU backend throws IndexOutOfBoundsException for an index that is not a
whole number in [0, bound). A kernel cannot throw, so the checking kernels take `flag`, four int32
words that live as long as the context (one per context, zeroed once; on a GPU host-mapped
memory, so the host reads them after any synchronisation without a copy), and `site`, the host's
number for the op that launched the kernel. A thread that meets an invalid index skips the
element (it never reads or writes out of bounds) and, unless flag[0] is already set, writes
    flag[1] = the index's float bits, flag[2] = site, flag[3] = the bound, flag[0] = 1.
The host reads the flag at its next synchronisation (a download, CudaContext.synchronize()) and
throws with the CPU's message and the op's name: no synchronisation of its own, so an index op
costs a launch and nothing more. The first report in stream order wins: kernels run one after the
other on the one stream, and a later kernel sees flag[0] set and writes nothing. Threads of one
launch may race on the words, which is harmless: they carry the same site and bound, and any of
their indices is a correct report.

Determinism. scatter_add is a gather in disguise: one thread owns one (o, i) column of the output
and adds src rows j = 0, 1, ... in order into it, so every output element is written by exactly
one thread, in the CPU loop's order of additions: no atomics, bit-exact with the CPU, repeatable.
The price is parallelism outer * inner rather than outer * iDim * inner, which is slow only for a
scatter into a 1-d array (outer = inner = 1); an atomic or sort-based version can come when a
profile asks for it.

The Maven build (kernels/pom.xml, src/main/cuda/ptx.sh) compiles this file with
    nvcc -ptx -arch=compute_80 -O3 index.cu -o index.ptx
No --use_fast_math.

Launch shape of every kernel here: a 1-D grid-stride loop,
    block = 256, grid = min(ceil(total / 256), 65535)
where total is the number of threads' work items named in each kernel's comment.
*/

#include <cuda_runtime.h>

// true when v is a whole number in [0, bound); NaN and infinities are not
__device__ __forceinline__ bool valid_index(float v, int bound) {
    return v == rintf(v) && v >= 0.0f && v < (float) bound;
}

// reports the invalid index v of the op `site` checked against `bound` (see the header)
__device__ __forceinline__ void report_bad(int* flag, int site, float v, int bound) {
    if (flag[0] != 0) return;                   // an earlier report stands
    flag[1] = __float_as_int(v);
    flag[2] = site;
    flag[3] = bound;
    flag[0] = 1;
}

// ----------------------------------------------------------------------------
// int_to_float: out[i] = (float) in[i]; total = n. out may alias in (each thread reads its element
// before writing it), which is how argmax and max-pool convert their int32 indices in place.
//
// reference:
//     for (long i = 0; i < n; i++) out[i] = (float) in[i];

extern "C" __global__ void int_to_float_f32(float* out, const int* in, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        out[i] = (float) in[i];
    }
}

// ----------------------------------------------------------------------------
// float_to_index: out[i] = (int) in[i] after checking it is a whole number in [0, bound); an
// invalid one is reported in flag and written as 0. total = n. out must not alias in.
//
// reference:
//     for (long i = 0; i < n; i++) {
//         if (!valid(in[i], bound)) { report(in[i]); out[i] = 0; } else out[i] = (int) in[i];
//     }

extern "C" __global__ void float_to_index_f32(int* out, int* flag, int site, const float* in, int bound, long long n) {
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        float v = in[i];
        if (valid_index(v, bound)) {
            out[i] = (int) v;
        } else {
            report_bad(flag, site, v, bound);
            out[i] = 0;
        }
    }
}

// ----------------------------------------------------------------------------
// gather: out[o][j][i] = x[o][index[o][j][i]][i]; x (outer, xDim, inner), index and out
// (outer, iDim, inner), all contiguous. total = outer * iDim * inner. An invalid index is
// reported in flag and its output element is left unwritten (the host throws anyway).
//
// reference (CpuBackend.gather):
//     for (o, j, i) out[(o*iDim + j)*inner + i] = x[(o*xDim + index[(o*iDim + j)*inner + i])*inner + i];

extern "C" __global__ void gather_f32(float* out, int* flag, int site, const float* x, const float* index,
                                      int outer, int xDim, int inner, int iDim) {
    long long total = (long long) outer * iDim * inner;
    for (long long t = (long long) blockIdx.x * blockDim.x + threadIdx.x; t < total; t += (long long) gridDim.x * blockDim.x) {
        long long i = t % inner;
        long long o = t / ((long long) iDim * inner);
        float v = index[t];
        if (!valid_index(v, xDim)) {
            report_bad(flag, site, v, xDim);
            continue;
        }
        out[t] = x[(o * xDim + (long long) v) * inner + i];
    }
}

// ----------------------------------------------------------------------------
// scatter_add: out[o][index[o][j][i]][i] += src[o][j][i]; src and index (outer, iDim, inner), out
// (outer, outDim, inner) zeroed by the host, all contiguous. One thread per (o, i) column,
// total = outer * inner, adding j = 0, 1, ... in order (see the header). Invalid indices are
// reported in flag and skipped.
//
// reference (CpuBackend.scatterAdd):
//     for (o) for (j) for (i) out[(o*outDim + index[(o*iDim + j)*inner + i])*inner + i] += src[(o*iDim + j)*inner + i];

extern "C" __global__ void scatter_add_f32(float* out, int* flag, int site, const float* src, const float* index,
                                           int outer, int iDim, int inner, int outDim) {
    long long total = (long long) outer * inner;
    for (long long t = (long long) blockIdx.x * blockDim.x + threadIdx.x; t < total; t += (long long) gridDim.x * blockDim.x) {
        long long i = t % inner;
        long long o = t / inner;
        for (int j = 0; j < iDim; j++) {
            long long s = (o * iDim + j) * inner + i;
            float v = index[s];
            if (!valid_index(v, outDim)) {
                report_bad(flag, site, v, outDim);
                continue;
            }
            float* dst = out + (o * outDim + (long long) v) * inner + i;
            *dst = __fadd_rn(*dst, src[s]);
        }
    }
}
