package ionas.autograd;

import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.Arrays;

/** Reductions and the softmax family. */
public final class Reductions {
    private Reductions() {}

    /** The input's shape with the reduced dimensions kept as size 1, for broadcasting gradients back. */
    private static int[] keptShape(int[] shape, int[] dims) {
        return Shapes.reduced(shape, Shapes.dims("sum", dims, shape.length), true);
    }

    /** sum over dims;  every input element gets the gradient of the sum it went into. */
    public static final class Sum extends Op {
        private final int[] dims;
        private final boolean keepdim;
        public Sum(int[] dims, boolean keepdim) { this.dims = dims.clone(); this.keepdim = keepdim; }
        protected NDArray forward(NDArray... x) { return x[0].sum(dims, keepdim); }
        protected Tensor[] backward(Tensor g) {
            int[] inShape = input(0).shape();
            return new Tensor[] {g.reshape(keptShape(inShape, dims)).expand(inShape)};
        }
        public String name() { return "Sum" + (dims.length == 0 ? "" : Arrays.toString(dims)); }
    }

    /**
     * max over dims (torch.amax);  the gradient goes to the elements equal to the maximum, shared
     * evenly among ties.
     */
    public static final class Amax extends Op {
        private final int[] dims;
        private final boolean keepdim;
        public Amax(int[] dims, boolean keepdim) { this.dims = dims.clone(); this.keepdim = keepdim; }
        protected NDArray forward(NDArray... x) { return x[0].amax(dims, keepdim); }
        protected Tensor[] backward(Tensor g) {
            NDArray in = input(0).data();
            int[] kept = keptShape(in.shape(), dims);
            NDArray isMax = in.eq(output().data().reshape(kept));
            NDArray count = isMax.sum(dims, true);
            return new Tensor[] {Tensor.of(isMax.div(count)).mul(g.reshape(kept))};
        }
    }

    /** y = softmax(x) along dim;  dx = y (g - sum(g y)). */
    public static final class Softmax extends Op {
        private final int dim;
        public Softmax(int dim) { this.dim = dim; }
        protected NDArray forward(NDArray... x) { return x[0].softmax(dim); }
        protected Tensor[] backward(Tensor g) {
            Tensor y = output();
            return new Tensor[] {y.mul(g.sub(g.mul(y).sum(dim, true)))};
        }
    }

    /** y = log_softmax(x) along dim;  dx = g - e^y sum(g). */
    public static final class LogSoftmax extends Op {
        private final int dim;
        public LogSoftmax(int dim) { this.dim = dim; }
        protected NDArray forward(NDArray... x) { return x[0].logSoftmax(dim); }
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.sub(output().exp().mul(g.sum(dim, true)))};
        }
    }
}
