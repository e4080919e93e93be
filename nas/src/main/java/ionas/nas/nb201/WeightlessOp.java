package ionas.nas.nb201;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.tensor.NDArray;

/** The edge operations without weights: {@code none} (zeros), {@code skip_connect} (identity) and {@code avg_pool_3x3}. */
final class WeightlessOp extends Layer {
    private final Nb201Op op;

    WeightlessOp(Nb201Op op) {
        if (op == Nb201Op.NOR_CONV_1X1 || op == Nb201Op.NOR_CONV_3X3) throw new IllegalArgumentException(op.label() + " has weights");
        this.op = op;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (op) {
            // x * 0 rather than fresh zeros, as the benchmark's Zero op: a NaN or inf input stays visible
            case NONE -> x.mul(0.0);
            case SKIP_CONNECT -> x;
            case AVG_POOL_3X3 -> averageExcludingPadding(x);
            default -> throw new AssertionError(op);
        };
    }

    /**
     * PyTorch's {@code AvgPool2d(3, stride=1, padding=1, count_include_pad=False)}: the mean over the
     * window's pixels inside the image. The pooling kernel divides by 9 everywhere, so the result is
     * divided again by the same pooling of ones (the share of each window inside the image).
     */
    private static Tensor averageExcludingPadding(Tensor x) {
        NDArray ones = NDArray.full(1.0, x.data().dtype(), x.data().device(), 1, 1, x.size(2), x.size(3));
        Tensor inside = Tensor.of(ones.avgPool2d(3, 1, 1));
        return x.avgPool2d(3, 1, 1).div(inside);
    }

    @Override
    public String toString() {
        return op.label();
    }
}
