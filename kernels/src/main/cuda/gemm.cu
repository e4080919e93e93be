/*
Matrix multiplication, float32, row-major, BLAS-style, batched by strides:

    C_z[M, N] = alpha * op(A_z)[M, K] * op(B_z)[K, N] + beta * C_z        for z < batch
    op(A)[m, k] = transA ? A[k * lda + m] : A[m * lda + k]
    op(B)[k, n] = transB ? B[n * ldb + k] : B[k * ldb + n]
    A_z = A + z * strideA (likewise B, C); a stride of 0 broadcasts one matrix over the batch

Two kernels with this one signature:
  - sgemm_f32   exact FP32 (fma in IEEE single precision), CUDA cores
  - sgemm_tf32  tensor cores: operands rounded to TF32 (8-bit exponent, 10-bit mantissa) with
                cvt.rna.tf32.f32, products accumulated in FP32 (mma.sync m16n8k8 inline PTX)
The tilings, and why those sizes for A100/H100, are described in gemm_tiles.cuh, which holds the
two main loops (conv.cu uses them too, with implicit-im2col operand maps).

TF32 and `allow_tf32`: PyTorch's torch.backends.cuda.matmul.allow_tf32 (default False since 1.12)
and torch.backends.cudnn.allow_tf32 (default True) let cuBLAS/cuDNN run float32 matmuls and
convolutions on tensor cores with TF32 inputs: about 8x the FP32 throughput on A100, at a relative
error of about 1e-3 per product (the inputs keep 10 of their 23 mantissa bits), while the
accumulation stays FP32. Here the kernels do not decide: both are always compiled and the
Java side (the CUDA Backend) picks sgemm_tf32 or sgemm_f32 per call from its own switch, so
that an exact FP32 result is always available (tests, gradient checks) and TF32 is an opt-in.

Why mma.sync rather than nvcuda::wmma: wmma's tf32 fragments (16x16x8) load from memory with
load_matrix_sync, which needs 256-bit aligned pointers and full in-bounds tiles; with mma.sync the
fragments are ordinary registers whose layout the PTX ISA defines per lane, so the kernel reads
them out of (padded, zero-filled) shared memory itself and handles any edge and any leading
dimension. Both compile for compute_80.

The Maven build (kernels/pom.xml, src/main/cuda/ptx.sh) compiles this file with
    nvcc -ptx -arch=compute_80 -O3 gemm.cu -o gemm.ptx
No --use_fast_math.
*/

#include "gemm_tiles.cuh"

// Operand map of a plain strided GEMM (see gemm_tiles.cuh).
struct GemmOp {
    const float* A;
    const float* B;
    float* C;
    int lda, ldb, ldc;
    bool transA, transB;
    bool aMFast, bNFast;
    bool aVec, bVec;   // 16-byte copies: leading dimension a multiple of 4, matrix 16-byte aligned
    __device__ GemmOp(const float* A_, int lda_, bool tA, const float* B_, int ldb_, bool tB, float* C_, int ldc_)
        : A(A_), B(B_), C(C_), lda(lda_), ldb(ldb_), ldc(ldc_), transA(tA), transB(tB),
          aMFast(tA), bNFast(!tB),
          aVec(lda_ % 4 == 0 && (reinterpret_cast<unsigned long long>(A_) & 15) == 0),
          bVec(ldb_ % 4 == 0 && (reinterpret_cast<unsigned long long>(B_) & 15) == 0) {}
    __device__ __forceinline__ const float* a(int m, int k) const {
        return transA ? A + (long long)k * lda + m : A + (long long)m * lda + k;
    }
    __device__ __forceinline__ const float* b(int k, int n) const {
        return transB ? B + (long long)n * ldb + k : B + (long long)k * ldb + n;
    }
    __device__ __forceinline__ float* c(int m, int n) const { return C + (long long)m * ldc + n; }
};

// ----------------------------------------------------------------------------
// sgemm_f32: exact FP32 GEMM.
//
// launch: block = 256 (F32_THREADS), grid = (ceil(M / 128), ceil(N / 128), batch), no dynamic
// shared memory (16 KiB static). grid.y and grid.z are limited to 65535: N <= 8388480, batch <= 65535.
//
// reference:
//     for (int z = 0; z < batch; z++)
//       for (int m = 0; m < M; m++)
//         for (int n = 0; n < N; n++) {
//           float s = 0;
//           for (int k = 0; k < K; k++) s += opA(z, m, k) * opB(z, k, n);
//           float* c = &C[z * strideC + m * ldc + n];
//           *c = beta == 0 ? alpha * s : alpha * s + beta * *c;
//         }

extern "C" __global__ void __launch_bounds__(F32_THREADS, 2)
sgemm_f32(int transA, int transB, int M, int N, int K, float alpha,
          const float* A, int lda, long long strideA,
          const float* B, int ldb, long long strideB,
          float beta, float* C, int ldc, long long strideC) {
    long long z = blockIdx.z;
    GemmOp op(A + z * strideA, lda, transA != 0, B + z * strideB, ldb, transB != 0, C + z * strideC, ldc);
    gemm_tile_f32(op, M, N, 0, K, alpha, beta);
}

// ----------------------------------------------------------------------------
// sgemm_tf32: the same product on tensor cores, TF32 inputs, FP32 accumulation.
//
// launch: block = 128 (TF_THREADS, 4 warps), grid = (ceil(M / 128), ceil(N / 128), batch), no
// dynamic shared memory (48 KiB static).
//
// reference: as sgemm_f32, with every operand first rounded to TF32:
//     tf32(x) = x with its mantissa rounded to 10 bits, to nearest, ties away from zero
//     s += tf32(opA(z, m, k)) * tf32(opB(z, k, n));   (exact product, FP32 sum)

extern "C" __global__ void __launch_bounds__(TF_THREADS)
sgemm_tf32(int transA, int transB, int M, int N, int K, float alpha,
           const float* A, int lda, long long strideA,
           const float* B, int ldb, long long strideB,
           float beta, float* C, int ldc, long long strideC) {
    long long z = blockIdx.z;
    GemmOp op(A + z * strideA, lda, transA != 0, B + z * strideB, ldb, transB != 0, C + z * strideC, ldc);
    gemm_tile_tf32(op, M, N, 0, K, alpha, beta, A);
}
