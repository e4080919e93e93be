package ionas.nn.layers;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import java.util.function.UnaryOperator;

/** A parameter-free elementwise layer: ReLU, Sigmoid, Tanh. */
public final class Activation extends Layer {
    private final String name;
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    public static Activation relu() { return new Activation("ReLU", Tensor::relu); }
    public static Activation sigmoid() { return new Activation("Sigmoid", Tensor::sigmoid); }
    public static Activation tanh() { return new Activation("Tanh", Tensor::tanh); }

    @Override
    public Tensor forward(Tensor x) {
        return f.apply(x);
    }

    @Override
    public String toString() {
        return name + "()";
    }
}
