package ionas.autograd;

import ionas.tensor.NDArray;

/** Gathering and scattering by index; each is the other's adjoint, and that is their gradient. */
public final class Indexing {
    private Indexing() {}

    /** Rows {@code index} of dimension {@code dim};  the gradient is scatter-added back to those rows. */
    public static final class IndexSelect extends Op {
        private final int dim;
        private final NDArray index;
        public IndexSelect(int dim, NDArray index) { this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { return x[0].indexSelect(dim, index); }
        protected Tensor[] backward(Tensor g) {
            int[] inShape = input(0).shape();
            int d = Math.floorMod(dim, inShape.length);
            int[] view = new int[inShape.length];
            java.util.Arrays.fill(view, 1);
            view[d] = index.numel();
            NDArray full = index.view(view).expand(g.shape());
            return new Tensor[] {Tensor.scatterAdd(inShape, dim, full, g)};
        }
    }

    /** out[..j..] = x[..index[..j..]..] along dim;  dx = scatter-add of the gradient at index. */
    public static final class Gather extends Op {
        private final int dim;
        private final NDArray index;
        public Gather(int dim, NDArray index) { this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { return x[0].gather(dim, index); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {Tensor.scatterAdd(input(0).shape(), dim, index, g)}; }
    }

    /** A zero array of the given shape with src added at index along dim;  dsrc = gather of the gradient. */
    public static final class ScatterAdd extends Op {
        private final int[] shape;
        private final int dim;
        private final NDArray index;
        public ScatterAdd(int[] shape, int dim, NDArray index) { this.shape = shape.clone(); this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { return NDArray.scatterAdd(shape, dim, index, x[0]); }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {g.gather(dim, index)}; }
    }
}
