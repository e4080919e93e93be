package ionas.autograd;

import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.NDArray;

/**
 * Convolution and pooling over NCHW images. Their backward passes are kernels of their own, and
 * each such kernel is an op here too, whose backward is again one of these ops: a convolution's
 * input gradient is a transposed convolution, whose gradients are a convolution and a weight
 * gradient, and so on. So every op is differentiable any number of times, and each kernel is
 * called from one place.
 */
public final class Convolution {
    private Convolution() {}

    /** y = conv2d(x, w);  dx = {@link Conv2dBackwardInput}(g, w), dw = {@link Conv2dBackwardWeight}(x, g). */
    public static final class Conv2d extends Op {
        private final int stride, padding;
        private ConvGeometry geometry;
        public Conv2d(int stride, int padding) { this.stride = stride; this.padding = padding; }
        protected NDArray forward(NDArray... in) {
            geometry = in[0].convGeometry(in[1].shape(), stride, padding);
            return in[0].conv2d(in[1], stride, padding);
        }
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {
                needsGrad(0) ? Op.apply(new Conv2dBackwardInput(geometry), g, input(1)) : null,
                needsGrad(1) ? Op.apply(new Conv2dBackwardWeight(geometry), input(0), g) : null};
        }
        public String name() { return "Conv2d(stride=" + stride + ", padding=" + padding + ")"; }
    }

    /**
     * dx = conv2d's input gradient (a transposed convolution) of g (conv2d's output shape) and w;
     * linear in each, so with h the gradient of dx:  dg = conv2d(h, w), dw = {@link Conv2dBackwardWeight}(h, g).
     */
    public static final class Conv2dBackwardInput extends Op {
        private final ConvGeometry geometry;
        public Conv2dBackwardInput(ConvGeometry geometry) { this.geometry = geometry; }
        protected NDArray forward(NDArray... in) { return NDArray.conv2dBackwardInput(in[0], in[1], geometry); }
        protected Tensor[] backward(Tensor h) {
            return new Tensor[] {
                needsGrad(0) ? h.conv2d(input(1), geometry.strideH(), geometry.padH()) : null,
                needsGrad(1) ? Op.apply(new Conv2dBackwardWeight(geometry), h, input(0)) : null};
        }
    }

    /**
     * dw = conv2d's weight gradient of x and g (conv2d's output shape); linear in each, so with k
     * the gradient of dw:  dx = {@link Conv2dBackwardInput}(g, k), dg = conv2d(x, k).
     */
    public static final class Conv2dBackwardWeight extends Op {
        private final ConvGeometry geometry;
        public Conv2dBackwardWeight(ConvGeometry geometry) { this.geometry = geometry; }
        protected NDArray forward(NDArray... in) { return NDArray.conv2dBackwardWeight(in[0], in[1], geometry); }
        protected Tensor[] backward(Tensor k) {
            return new Tensor[] {
                needsGrad(0) ? Op.apply(new Conv2dBackwardInput(geometry), input(1), k) : null,
                needsGrad(1) ? input(0).conv2d(k, geometry.strideH(), geometry.padH()) : null};
        }
    }

    /** Max-pooling;  each output's gradient goes to the input element that was the maximum ({@link MaxPool2dBackward}). */
    public static final class MaxPool2d extends Op {
        private final int kernel, stride, padding;
        private NDArray argmax;
        private PoolGeometry geometry;
        public MaxPool2d(int kernel, int stride, int padding) { this.kernel = kernel; this.stride = stride; this.padding = padding; }
        protected NDArray forward(NDArray... x) {
            geometry = x[0].poolGeometry(kernel, stride, padding);
            NDArray[] r = x[0].maxPool2d(kernel, stride, padding);
            argmax = r[1];
            return r[0];
        }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {Op.apply(new MaxPool2dBackward(argmax, geometry), g)}; }
        protected void releaseSaved() { argmax = null; }
        public String name() { return "MaxPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")"; }
    }

    /**
     * Scatters g (max-pooling's output shape) to the inputs that were the maxima ({@code argmax},
     * the flat index in each input plane), adding where windows overlap;  the gradient gathers
     * from those same places.
     */
    public static final class MaxPool2dBackward extends Op {
        private final NDArray argmax;
        private final PoolGeometry geometry;
        public MaxPool2dBackward(NDArray argmax, PoolGeometry geometry) { this.argmax = argmax; this.geometry = geometry; }
        protected NDArray forward(NDArray... g) { return NDArray.maxPool2dBackward(g[0], argmax, geometry); }
        protected Tensor[] backward(Tensor h) {
            int n = geometry.batch(), c = geometry.channels();
            NDArray index = argmax.reshape(n, c, geometry.outHeight() * geometry.outWidth());
            Tensor picked = h.reshape(n, c, geometry.height() * geometry.width()).gather(2, index);
            return new Tensor[] {picked.reshape(n, c, geometry.outHeight(), geometry.outWidth())};
        }
    }

    /** Average pooling (padding counted, as PyTorch's default);  each input gets g / window size ({@link AvgPool2dBackward}). */
    public static final class AvgPool2d extends Op {
        private final int kernel, stride, padding;
        private PoolGeometry geometry;
        public AvgPool2d(int kernel, int stride, int padding) { this.kernel = kernel; this.stride = stride; this.padding = padding; }
        protected NDArray forward(NDArray... x) {
            geometry = x[0].poolGeometry(kernel, stride, padding);
            return x[0].avgPool2d(kernel, stride, padding);
        }
        protected Tensor[] backward(Tensor g) { return new Tensor[] {Op.apply(new AvgPool2dBackward(geometry), g)}; }
        public String name() { return "AvgPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")"; }
    }

    /** Average pooling's adjoint: g / window size spread over each window;  the gradient is the average pooling again. */
    public static final class AvgPool2dBackward extends Op {
        private final PoolGeometry geometry;
        public AvgPool2dBackward(PoolGeometry geometry) { this.geometry = geometry; }
        protected NDArray forward(NDArray... g) { return NDArray.avgPool2dBackward(g[0], geometry); }
        protected Tensor[] backward(Tensor h) {
            return new Tensor[] {h.avgPool2d(geometry.kernelH(), geometry.strideH(), geometry.padH())};
        }
    }
}
