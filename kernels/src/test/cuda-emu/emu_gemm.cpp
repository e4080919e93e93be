// gemm.cu on the CPU emulator: sgemm_f32 and sgemm_tf32 against plain loops, with the launch
// of CudaLinearAlgebra.matmul: block 256 (f32) / 128 (tf32), grid (ceil(M/128), ceil(N/128), batch).
#include "emu_test.h"
#include "gemm.cu"

struct GemmCase {
    const char* name;
    int M, N, K, transA, transB, batch;
    int ldaPad, ldbPad, ldcPad;       // extra leading-dimension elements
    bool broadcastB;                  // strideB = 0
    float alpha, beta;
};

static void run(const GemmCase& c, bool tf32) {
    Rng rng(c.M * 7919 + c.N * 31 + c.K);
    int lda = (c.transA ? c.M : c.K) + c.ldaPad, ldb = (c.transB ? c.K : c.N) + c.ldbPad, ldc = c.N + c.ldcPad;
    long long sA = (long long) (c.transA ? c.K : c.M) * lda, sB = c.broadcastB ? 0 : (long long) (c.transB ? c.N : c.K) * ldb,
              sC = (long long) c.M * ldc;
    std::vector<float> A = rng.vec(sA * c.batch), B = rng.vec(c.broadcastB ? (c.transB ? c.N : c.K) * ldb : sB * c.batch);
    // beta == 0 must not read C: fill it with NaN then
    std::vector<float> C0 = c.beta == 0 ? std::vector<float>(sC * c.batch, NAN) : rng.vec(sC * c.batch);
    std::vector<float> C = C0;

    dim3 grid(blocks_for(c.M, 128), blocks_for(c.N, 128), c.batch);
    long copies16 = emu::cp_async16_count.load();
    if (tf32)
        emu_launch(grid, dim3(TF_THREADS), [&] {
            sgemm_tf32(c.transA, c.transB, c.M, c.N, c.K, c.alpha, A.data(), lda, sA, B.data(), ldb, sB, c.beta, C.data(), ldc, sC);
        });
    else
        emu_launch(grid, dim3(F32_THREADS), [&] {
            sgemm_f32(c.transA, c.transB, c.M, c.N, c.K, c.alpha, A.data(), lda, sA, B.data(), ldb, sB, c.beta, C.data(), ldc, sC);
        });

    auto opA = [&](int z, int m, int k) { return A[z * sA + (c.transA ? (long long) k * lda + m : (long long) m * lda + k)]; };
    auto opB = [&](int z, int k, int n) { return B[z * sB + (c.transB ? (long long) n * ldb + k : (long long) k * ldb + n)]; };
    auto tf = [](float x) { return std::bit_cast<float>(emu::cvt_rna_tf32(x)); };
    // f32: the kernel's own arithmetic (fma, k ascending) gives the exact bits; tf32: double sums
    // of the rounded operands, within the float accumulation's error bound.
    std::vector<float> out, exact;
    std::vector<double> ref, scale;
    bool gapsIntact = true;
    for (int z = 0; z < c.batch; z++)
        for (int m = 0; m < c.M; m++) {
            for (int n = 0; n < c.N; n++) {
                long long at = z * sC + (long long) m * ldc + n;
                float s = 0;
                double d = 0, sabs = 0;
                for (int k = 0; k < c.K; k++) {
                    float a = opA(z, m, k), b = opB(z, k, n);
                    s = fmaf(a, b, s);
                    double p = tf32 ? (double) tf(a) * tf(b) : (double) a * b;
                    d += p;
                    sabs += std::fabs(p);
                }
                out.push_back(C[at]);
                exact.push_back(c.beta == 0 ? c.alpha * s : fmaf(c.alpha, s, c.beta * C0[at]));
                ref.push_back(c.alpha * d + (c.beta == 0 ? 0.0 : (double) c.beta * C0[at]));
                scale.push_back(std::fabs(c.alpha) * sabs + (c.beta == 0 ? 0.0 : std::fabs(c.beta * C0[at])) + 1e-30);
            }
            for (int n = c.N; n < ldc; n++) {            // the padding columns are not C's
                long long at = z * sC + (long long) m * ldc + n;
                if (!same_float(C[at], C0[at])) gapsIntact = false;
            }
        }
    std::string name = fmt("%s %s M=%d N=%d K=%d tA=%d tB=%d batch=%d", tf32 ? "sgemm_tf32" : "sgemm_f32", c.name, c.M,
                           c.N, c.K, c.transA, c.transB, c.batch);
    if (tf32) check_close(name, out, ref, scale, (c.K + 4) * 0x1.0p-24);
    else {
        check_exact(name + " (bits vs fma loop)", out, exact);
        check_close(name + " (vs double)", out, ref, scale, (c.K + 4) * 0x1.0p-24);
    }
    report(name + " (ldc padding untouched)", gapsIntact, gapsIntact ? "ok" : "written");
    if (tf32) {   // the 16-byte cp.async path is taken exactly when both leading dimensions allow it
        bool used = emu::cp_async16_count.load() > copies16, expected = lda % 4 == 0 || ldb % 4 == 0;
        report(name + " (16-byte copies " + (expected ? "used)" : "not used)"), used == expected, used ? "used" : "not used");
    }
}

static const GemmCase CASES[] = {
    {"1x1x1", 1, 1, 1, 0, 0, 1, 0, 0, 0, false, 1.0f, 0.0f},
    {"edges", 130, 67, 37, 0, 0, 1, 0, 0, 0, false, 1.0f, 0.0f},
    {"transA transB lda/ldc pad, broadcast B, alpha beta", 45, 131, 19, 1, 1, 3, 3, 2, 5, false, 1.5f, 0.5f},
    {"tA broadcast B", 129, 40, 21, 1, 0, 2, 0, 1, 0, true, 1.0f, 0.0f},
    {"tB K=53 beta", 33, 129, 53, 0, 1, 1, 2, 0, 1, false, -0.75f, 2.0f},
    // leading dimensions that are multiples of 4 (16-byte copies in the tf32 tile), K and the
    // edges not: partial 16-byte copies at every edge, all four layouts, several stage cycles
    {"16-byte NN edges", 131, 132, 37, 0, 0, 1, 3, 0, 0, false, 1.0f, 0.0f},
    {"16-byte tA tB batch alpha beta", 130, 70, 45, 1, 1, 2, 2, 3, 1, false, 0.5f, -1.0f},
    {"16-byte tA broadcast B", 67, 129, 33, 1, 0, 2, 1, 3, 0, true, 1.0f, 0.0f},
    {"16-byte tB K=100 batch", 129, 131, 100, 0, 1, 3, 0, 0, 2, false, 1.0f, 0.0f},
    {"16-byte A, 4-byte B", 40, 33, 20, 0, 0, 1, 0, 0, 0, false, 1.0f, 0.0f},
};

static void cases() {
    for (const auto& c : CASES) run(c, false);
    for (const auto& c : CASES) run(c, true);
}

int main() { return run_cases(cases); }
