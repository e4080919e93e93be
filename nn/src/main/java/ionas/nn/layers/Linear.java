package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Init;
import ionas.nn.Layer;
import ionas.nn.Parameter;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;

/** y = x W^T + b over the last dimension; weight (out, in), bias (out). PyTorch's default init. */
public final class Linear extends Layer {
    private final int in, out;
    public final Parameter weight; // (out, in)
    public final Parameter bias;   // (out), or null

    /** With a bias; the weight, then the bias, drawn from {@code init}. */
    public Linear(int in, int out, Generator init) {
        this(in, out, true, init);
    }

    public Linear(int in, int out, boolean bias, Generator init) {
        this.in = in;
        this.out = out;
        weight = parameter("weight", Init.pytorchDefault(NDArray.zeros(out, in), in, init));
        this.bias = bias ? parameter("bias", Init.pytorchDefault(NDArray.zeros(out), in, init)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(x, in -> apply(in, weight, bias));
    }

    /**
     * This layer with {@code weight} and {@code bias} (null for none) in place of its own, of the
     * same shapes: for a hook that runs the layer on other values of its parameters.
     */
    public Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        if (x.size(-1) != in)
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): input has " + x.size(-1)
                    + " features in its last dimension, shape " + java.util.Arrays.toString(x.shape()));
        Tensor y = x.matmul(weight.transpose(0, 1));
        return bias == null ? y : y.add(bias);
    }

    @Override
    protected String extraRepr() {
        return "in=" + in + ", out=" + out + (bias == null ? ", bias=false" : "");
    }
}
