package ionas.kernels.cpu;

/** STUB (to be written): fast float GEMM with the Vector API. */
public final class Gemm {
    private Gemm() {}

    /** C = op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) is k x n. beta is 0 or 1. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        throw new UnsupportedOperationException("stub");
    }
}
