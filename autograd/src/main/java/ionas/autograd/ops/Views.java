package ionas.autograd.ops;

import ionas.autograd.Op;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;

/**
 * Movement ops. Each gradient is the inverse movement of the incoming gradient: reshape back,
 * permute back, pad the narrowed part with zeros; expand needs nothing at all, since the engine
 * sums broadcast gradients back to the input's shape.
 */
public final class Views {
    private Views() {}

    /** A new shape over the same elements (covers view, reshape, flatten, squeeze, unsqueeze). */
    public static final class Reshape extends Op {
        private final int[] shape;
        private int[] inShape;
        public Reshape(int[] shape) { this.shape = shape.clone(); }
        protected NDArray forward(NDArray... x) { inShape = x[0].shape(); return x[0].reshape(shape); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.reshape(inShape)}; }
        public String name() { return "Reshape" + Shapes.str(shape); }
    }

    /** Reordered dimensions;  the gradient is permuted by the inverse order. */
    public static final class Permute extends Op {
        private final int[] order;
        public Permute(int[] order) { this.order = order.clone(); }
        protected NDArray forward(NDArray... x) { return x[0].permute(order); }
        protected NDArray[] backward(NDArray g) {
            int[] inverse = new int[order.length];
            for (int i = 0; i < order.length; i++) inverse[Math.floorMod(order[i], order.length)] = i;
            return new NDArray[] {g.permute(inverse)};
        }
        public String name() { return "Permute" + Shapes.str(order); }
    }

    /** A slice along one dimension;  the gradient is zero outside the slice. */
    public static final class Narrow extends Op {
        private final int dim, start, length;
        private int[] inShape;
        public Narrow(int dim, int start, int length) { this.dim = dim; this.start = start; this.length = length; }
        protected NDArray forward(NDArray... x) { inShape = x[0].shape(); return x[0].narrow(dim, start, length); }
        protected NDArray[] backward(NDArray g) {
            NDArray full = NDArray.zeros(g.dtype(), g.device(), inShape);
            full.narrow(dim, start, length).copy_(g);
            return new NDArray[] {full};
        }
        public String name() { return "Narrow(dim=" + dim + ", " + start + ":" + (start + length) + ")"; }
    }

    /** Broadcast to a bigger shape;  the engine sums the gradient back (see {@code Engine.sumToShape}). */
    public static final class Expand extends Op {
        private final int[] shape;
        public Expand(int[] shape) { this.shape = shape.clone(); }
        protected NDArray forward(NDArray... x) { return x[0].expand(shape); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g}; }
        public String name() { return "Expand" + Shapes.str(shape); }
    }

    /** A contiguous copy;  the gradient passes through unchanged. */
    public static final class Contiguous extends Op {
        protected NDArray forward(NDArray... x) { return x[0].contiguous(); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g}; }
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
        protected NDArray[] backward(NDArray g) { return g.split(sizes, dim).toArray(NDArray[]::new); }
        public String name() { return "Cat(dim=" + dim + ")"; }
    }
}
