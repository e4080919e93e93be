package ionas.autograd.ops;

import ionas.autograd.Op;
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
        private int[] inShape;
        public Sum(int[] dims, boolean keepdim) { this.dims = dims.clone(); this.keepdim = keepdim; }
        protected NDArray forward(NDArray... x) { inShape = x[0].shape(); return x[0].sum(dims, keepdim); }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {g.reshape(keptShape(inShape, dims)).expand(inShape)};
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
        private NDArray in, out;
        public Amax(int[] dims, boolean keepdim) { this.dims = dims.clone(); this.keepdim = keepdim; }
        protected NDArray forward(NDArray... x) { in = x[0]; out = in.amax(dims, keepdim); return out; }
        protected NDArray[] backward(NDArray g) {
            int[] kept = keptShape(in.shape(), dims);
            NDArray isMax = in.eq(out.reshape(kept));
            NDArray count = isMax.sum(dims, true);
            return new NDArray[] {isMax.div(count).mul(g.reshape(kept))};
        }
        protected void releaseSaved() { in = out = null; }
    }

    /** y = softmax(x) along dim;  dx = y (g - sum(g y)). */
    public static final class Softmax extends Op {
        private final int dim;
        private NDArray out;
        public Softmax(int dim) { this.dim = dim; }
        protected NDArray forward(NDArray... x) { out = x[0].softmax(dim); return out; }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {out.mul(g.sub(g.mul(out).sum(dim, true)))};
        }
        protected void releaseSaved() { out = null; }
    }

    /** y = log_softmax(x) along dim;  dx = g - e^y sum(g). */
    public static final class LogSoftmax extends Op {
        private final int dim;
        private NDArray out;
        public LogSoftmax(int dim) { this.dim = dim; }
        protected NDArray forward(NDArray... x) { out = x[0].logSoftmax(dim); return out; }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {g.sub(out.exp().mul(g.sum(dim, true)))};
        }
        protected void releaseSaved() { out = null; }
    }
}
