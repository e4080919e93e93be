package ionas.autograd.ops;

import ionas.autograd.Op;
import ionas.tensor.NDArray;

/** Matrix products. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * C = A B over the last two dimensions (both operands have at least 2; leading dimensions
     * broadcast);  dA = dC B^T, dB = A^T dC. The transposes are views, read by GEMM in place.
     */
    public static final class MatMul extends Op {
        private NDArray a, b;
        protected NDArray forward(NDArray... x) { a = x[0]; b = x[1]; return a.matmul(b); }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {needsGrad(0) ? g.matmul(b.mT()) : null, needsGrad(1) ? a.mT().matmul(g) : null};
        }
        protected void releaseSaved() { a = b = null; }
    }
}
