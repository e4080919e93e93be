package ionas.autograd.ops;

import ionas.autograd.Op;
import ionas.tensor.NDArray;

/** Gathering and scattering by index; each is the other's adjoint, and that is their gradient. */
public final class Indexing {
    private Indexing() {}

    /** Rows {@code index} of dimension {@code dim};  the gradient is scatter-added back to those rows. */
    public static final class IndexSelect extends Op {
        private final int dim;
        private final NDArray index;
        private int[] inShape;
        public IndexSelect(int dim, NDArray index) { this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { inShape = x[0].shape(); return x[0].indexSelect(dim, index); }
        protected NDArray[] backward(NDArray g) {
            int d = Math.floorMod(dim, inShape.length);
            int[] view = new int[inShape.length];
            java.util.Arrays.fill(view, 1);
            view[d] = index.numel();
            NDArray full = index.view(view).expand(g.shape());
            return new NDArray[] {NDArray.scatterAdd(inShape, dim, full, g)};
        }
    }

    /** out[..j..] = x[..index[..j..]..] along dim;  dx = scatter-add of the gradient at index. */
    public static final class Gather extends Op {
        private final int dim;
        private final NDArray index;
        private int[] inShape;
        public Gather(int dim, NDArray index) { this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { inShape = x[0].shape(); return x[0].gather(dim, index); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {NDArray.scatterAdd(inShape, dim, index, g)}; }
    }

    /** A zero array of the given shape with src added at index along dim;  dsrc = gather of the gradient. */
    public static final class ScatterAdd extends Op {
        private final int[] shape;
        private final int dim;
        private final NDArray index;
        public ScatterAdd(int[] shape, int dim, NDArray index) { this.shape = shape.clone(); this.dim = dim; this.index = index; }
        protected NDArray forward(NDArray... x) { return NDArray.scatterAdd(shape, dim, index, x[0]); }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {g.gather(dim, index)}; }
    }
}
