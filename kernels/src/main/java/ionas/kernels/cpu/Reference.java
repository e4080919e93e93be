package ionas.kernels.cpu;

/**
 * STUB (to be written): plain double-precision reference loops; the definition of each kernel's
 * math, the oracle the fast float kernels are tested against, and the float64 path of the CPU backend.
 */
public final class Reference {
    private Reference() {}

    /** C = op(A) op(B) + beta C, row-major; op(A) is m x k, op(B) is k x n. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        throw new UnsupportedOperationException("stub");
    }

    public static void conv2dForward(ConvGeometry g, double[] x, double[] w, double[] y) { throw new UnsupportedOperationException("stub"); }
    public static void conv2dBackwardInput(ConvGeometry g, double[] gy, double[] w, double[] gx) { throw new UnsupportedOperationException("stub"); }
    public static void conv2dBackwardWeight(ConvGeometry g, double[] x, double[] gy, double[] gw) { throw new UnsupportedOperationException("stub"); }
    public static void maxPool2dForward(PoolGeometry g, double[] x, double[] y, int[] argmax) { throw new UnsupportedOperationException("stub"); }
    public static void maxPool2dBackward(PoolGeometry g, double[] gy, int[] argmax, double[] gx) { throw new UnsupportedOperationException("stub"); }
    public static void avgPool2dForward(PoolGeometry g, double[] x, double[] y) { throw new UnsupportedOperationException("stub"); }
    public static void avgPool2dBackward(PoolGeometry g, double[] gy, double[] gx) { throw new UnsupportedOperationException("stub"); }
}
