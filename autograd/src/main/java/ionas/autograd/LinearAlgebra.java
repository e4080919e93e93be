package ionas.autograd;

import ionas.tensor.NDArray;

/** Matrix products. */
public final class LinearAlgebra {
    private LinearAlgebra() {}

    /**
     * C = A B over the last two dimensions (both operands have at least 2; leading dimensions
     * broadcast);  dA = dC B^T, dB = A^T dC. The transposes are views, read by GEMM in place.
     */
    public static final class MatMul extends Op {
        protected NDArray forward(NDArray... x) { return x[0].matmul(x[1]); }
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? g.matmul(input(1).transpose(-2, -1)) : null,
                    needsGrad(1) ? input(0).transpose(-2, -1).matmul(g) : null};
        }
    }
}
