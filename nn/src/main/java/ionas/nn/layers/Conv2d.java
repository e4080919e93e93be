package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Init;
import ionas.nn.Layer;
import ionas.nn.Parameter;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;

/** 2-d convolution over NCHW input, square kernel; weight (out, in, k, k), optional bias (out). */
public final class Conv2d extends Layer {
    private final int in, out, kernel, stride, padding;
    public final Parameter weight; // (out, in, k, k)
    public final Parameter bias;   // (out), or null

    /** The weight, then the bias, drawn from {@code init}. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Generator init) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        int fanIn = in * kernel * kernel;
        weight = parameter("weight", Init.pytorchDefault(NDArray.zeros(out, in, kernel, kernel), fanIn, init));
        this.bias = bias ? parameter("bias", Init.pytorchDefault(NDArray.zeros(out), fanIn, init)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(x, in -> apply(in, weight, bias));
    }

    /**
     * This convolution with {@code weight} and {@code bias} (null for none) in place of its own, of
     * the same shapes: for a hook that runs the layer on other values of its parameters (SynFlow's
     * float64 absolute values).
     */
    public Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.conv2d(weight, stride, padding);
        return bias == null ? y : y.add(bias.reshape(1, out, 1, 1));
    }

    @Override
    protected String extraRepr() {
        return in + ", " + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding
                + (bias == null ? ", bias=false" : "");
    }
}
