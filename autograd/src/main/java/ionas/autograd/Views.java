package ionas.autograd;

import ionas.tensor.NDArray;
import ionas.tensor.Shapes;

/**
 * Movement ops. Each gradient is the inverse movement of the incoming gradient: reshape back,
 * permute back, pad the narrowed part with zeros ({@link Unnarrow}, whose own gradient is the
 * narrow); expand needs nothing at all, since the engine sums broadcast gradients back to the
 * input's shape.
 */
public final class Views {
    private Views() {}

    /** A new shape over the same elements (covers view, reshape, flatten, squeeze, unsqueeze). */
    public static final class Reshape extends Op {
        private final int[] shape;
        public Reshape(int[] shape) { this.shape = shape.clone(); }
        protected NDArray forward(NDArray... x) { return x[0].reshape(shape); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.reshape(input(0).shape())}; }
        public String name() { return "Reshape" + Shapes.str(shape); }
    }

    /** Reordered dimensions;  the gradient is permuted by the inverse order. */
    public static final class Permute extends Op {
        private final int[] order;
        public Permute(int[] order) { this.order = order.clone(); }
        protected NDArray forward(NDArray... x) { return x[0].permute(order); }
        protected Tensor[] backward(Tensor g) {
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) inverse[Math.floorMod(order[i], order.length)] = i;
            return new Tensor[] {g.permute(inverse)};
        }
        public String name() { return "Permute" + Shapes.str(order); }
    }

    /** A slice along one dimension;  the gradient is zero outside the slice. */
    public static final class Narrow extends Op {
        private final int dim, start, length;
        public Narrow(int dim, int start, int length) { this.dim = dim; this.start = start; this.length = length; }
        protected NDArray forward(NDArray... x) { return x[0].narrow(dim, start, length); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {Op.apply(new Unnarrow(input(0).shape(), dim, start), g)}; }
        public String name() { return "Narrow(dim=" + dim + ", " + start + ":" + (start + length) + ")"; }
    }

    /** Narrow's adjoint: x placed at {@code start} along dim in zeros of {@code shape};  the gradient is the narrow. */
    public static final class Unnarrow extends Op {
        private final int[] shape;
        private final int dim, start;
        public Unnarrow(int[] shape, int dim, int start) { this.shape = shape.clone(); this.dim = dim; this.start = start; }
        protected NDArray forward(NDArray... x) {
            NDArray full = NDArray.zeros(x[0].dtype(), x[0].device(), shape);
            full.narrow(dim, start, x[0].size(dim)).copy_(x[0]);
            return full;
        }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.narrow(dim, start, input(0).size(dim))}; }
        public String name() { return "Unnarrow(dim=" + dim + ", at " + start + ", " + Shapes.str(shape) + ")"; }
    }

    /** Broadcast to a bigger shape;  the engine sums the gradient back (see {@code Engine.sumToShape}). */
    public static final class Expand extends Op {
        private final int[] shape;
        public Expand(int[] shape) { this.shape = shape.clone(); }
        protected NDArray forward(NDArray... x) { return x[0].expand(shape); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g}; }
        public String name() { return "Expand" + Shapes.str(shape); }
    }

    /** A contiguous copy;  the gradient passes through unchanged. */
    public static final class Contiguous extends Op {
        protected NDArray forward(NDArray... x) { return x[0].contiguous(); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g}; }
    }

    /** Joins along a dimension;  each input gets its slice of the gradient. */
    public static final class Cat extends Op {
        private final int dim;
        private int[] sizes;
        public Cat(int dim) { this.dim = dim; }
        protected NDArray forward(NDArray... x) {
            sizes = new int[x.length];
            for (int i = 0; i < x.length; i++) sizes[i] = x[i].size(dim);
            return NDArray.cat(java.util.List.of(x), dim);
        }
        protected Tensor[] backward(Tensor g) {
            Tensor[] parts = new Tensor[sizes.length];
            int at = 0;
            for (int i = 0; i < sizes.length; i++) {
                parts[i] = g.narrow(dim, at, sizes[i]);
                at += sizes[i];
            }
            return parts;
        }
        public String name() { return "Cat(dim=" + dim + ")"; }
    }
}
