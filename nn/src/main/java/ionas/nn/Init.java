package ionas.nn;

import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;

/**
 * Weight initialisers, with PyTorch's formulas ({@code torch.nn.init}), drawing from the generator
 * given. There is no global generator: a layer takes the one it draws its initial weights from,
 * and a model passes its own to its layers in the order PyTorch's would draw them, so that
 * {@code new Generator(seed)} plays {@code torch.manual_seed(seed)} and two models made at once
 * (on two threads) cannot disturb each other's draws.
 */
public final class Init {
    private Init() {}

    /** (fan in, fan out) of a weight: dims 1 and 0 times the receptive field (the product of dims 2..). */
    public static int[] fans(int[] shape) {
        if (shape.length < 2) throw new IllegalArgumentException("fan in/out need a weight with at least 2 dimensions, got " + Shapes.str(shape));
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return new int[] {shape[1] * receptive, shape[0] * receptive};
    }

    /** U(lo, hi), written into {@code w}. */
    public static NDArray uniform(NDArray w, double lo, double hi, Generator gen) {
        NDArray u = NDArray.random(gen, false, w.dtype(), w.device(), w.shape());
        return w.copy_(u.mul(hi - lo).add(lo));
    }

    /** N(mean, std^2), written into {@code w}. */
    public static NDArray normal(NDArray w, double mean, double std, Generator gen) {
        NDArray n = NDArray.random(gen, true, w.dtype(), w.device(), w.shape());
        return w.copy_(n.mul(std).add(mean));
    }

    /**
     * PyTorch's default for Linear and Conv weights, {@code kaiming_uniform_(a=sqrt(5))}, which
     * works out to U(-1/sqrt(fan_in), 1/sqrt(fan_in)); the same bound is used for their biases.
     */
    public static NDArray pytorchDefault(NDArray w, int fanIn, Generator gen) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return uniform(w, -bound, bound, gen);
    }

    /** He et al.: N(0, 2/fan) for ReLU networks; {@code fanOut} picks the fan (NASBench-PyTorch uses fan out). */
    public static NDArray kaimingNormal(NDArray w, boolean fanOut, Generator gen) {
        int[] f = fans(w.shape());
        return normal(w, 0, Math.sqrt(2.0 / (fanOut ? f[1] : f[0])), gen);
    }

    /** Glorot and Bengio: U(-b, b) with b = sqrt(6 / (fan_in + fan_out)). */
    public static NDArray xavierUniform(NDArray w, Generator gen) {
        int[] f = fans(w.shape());
        double b = Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(w, -b, b, gen);
    }
}
