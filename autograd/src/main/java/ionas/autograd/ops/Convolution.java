package ionas.autograd.ops;

import ionas.autograd.Op;
import ionas.kernels.geometry.ConvGeometry;
import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.NDArray;

/** Convolution and pooling over NCHW images; their backward passes are kernels of their own. */
public final class Convolution {
    private Convolution() {}

    /** y = conv2d(x, w);  dx and dw by the two backward kernels (transposed convolutions). */
    public static final class Conv2d extends Op {
        private final int stride, padding;
        private NDArray x, w;
        private ConvGeometry geometry;
        public Conv2d(int stride, int padding) { this.stride = stride; this.padding = padding; }
        protected NDArray forward(NDArray... in) {
            x = in[0];
            w = in[1];
            geometry = x.convGeometry(w.shape(), stride, padding);
            return x.conv2d(w, stride, padding);
        }
        protected NDArray[] backward(NDArray g) {
            return new NDArray[] {
                needsGrad(0) ? NDArray.conv2dBackwardInput(g, w, geometry) : null,
                needsGrad(1) ? NDArray.conv2dBackwardWeight(x, g, geometry) : null};
        }
        protected void releaseSaved() { x = w = null; }
        public String name() { return "Conv2d(stride=" + stride + ", padding=" + padding + ")"; }
    }

    /** Max-pooling;  each output's gradient goes to the input element that was the maximum. */
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
        protected NDArray[] backward(NDArray g) { return new NDArray[] {NDArray.maxPool2dBackward(g, argmax, geometry)}; }
        protected void releaseSaved() { argmax = null; }
        public String name() { return "MaxPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")"; }
    }

    /** Average pooling (padding counted, as PyTorch's default);  each input gets g / window size. */
    public static final class AvgPool2d extends Op {
        private final int kernel, stride, padding;
        private PoolGeometry geometry;
        public AvgPool2d(int kernel, int stride, int padding) { this.kernel = kernel; this.stride = stride; this.padding = padding; }
        protected NDArray forward(NDArray... x) {
            geometry = x[0].poolGeometry(kernel, stride, padding);
            return x[0].avgPool2d(kernel, stride, padding);
        }
        protected NDArray[] backward(NDArray g) { return new NDArray[] {NDArray.avgPool2dBackward(g, geometry)}; }
        public String name() { return "AvgPool2d(" + kernel + ", stride=" + stride + ", padding=" + padding + ")"; }
    }
}
