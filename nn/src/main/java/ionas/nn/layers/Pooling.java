package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Layer;

/** Parameter-free shape layers over NCHW images: max- and average pooling, global average pooling, flatten. */
public final class Pooling extends Layer {
    private enum Kind { MAX, AVG, GLOBAL_AVG, FLATTEN }

    private final Kind kind;
    private final int kernel, stride, padding;

    private Pooling(Kind kind, int kernel, int stride, int padding) {
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** MaxPool2d(kernel, stride, padding), padding counting as -infinity. */
    public static Pooling maxPool2d(int kernel, int stride, int padding) {
        return new Pooling(Kind.MAX, kernel, stride, padding);
    }

    /** AvgPool2d(kernel, stride, padding), padding counting as zeros (PyTorch's count_include_pad=True). */
    public static Pooling avgPool2d(int kernel, int stride, int padding) {
        return new Pooling(Kind.AVG, kernel, stride, padding);
    }

    /** The mean over H and W: (N, C, H, W) to (N, C). */
    public static Pooling globalAvgPool() {
        return new Pooling(Kind.GLOBAL_AVG, 0, 0, 0);
    }

    /** (N, ...) to (N, product of the rest). */
    public static Pooling flatten() {
        return new Pooling(Kind.FLATTEN, 0, 0, 0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case MAX -> x.maxPool2d(kernel, stride, padding);
            case AVG -> x.avgPool2d(kernel, stride, padding);
            case GLOBAL_AVG -> x.mean(new int[] {2, 3}, false);
            case FLATTEN -> x.reshape(x.size(0), -1);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MAX -> "MaxPool2d(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
            case AVG -> "AvgPool2d(kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ")";
            case GLOBAL_AVG -> "GlobalAvgPool()";
            case FLATTEN -> "Flatten()";
        };
    }
}
