package ionas.autograd;

import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.List;
import java.util.function.Function;

/**
 * The inputs the op checks draw ({@link OpsGradCheckTest}, {@link SecondOrderGradCheckTest}):
 * float64 on the CPU from one seeded generator, and the constants and indices a checked function
 * moves to its input's device.
 */
final class CheckInputs {
    private final Generator gen;

    CheckInputs(long seed) {
        gen = new Generator(seed);
    }

    /** N(0,1) in float64. */
    NDArray randn(int... shape) {
        return NDArray.random(gen, true, DType.FLOAT64, Device.CPU, shape);
    }

    /** Values in [lo, hi), for ops with a restricted domain or a kink to stay away from. */
    NDArray uniform(double lo, double hi, int... shape) {
        return NDArray.random(gen, false, DType.FLOAT64, Device.CPU, shape).mul(hi - lo).add(lo);
    }

    /** Values at least 0.1 away from 0, for the kinks of abs and relu. */
    NDArray awayFromZero(int... shape) {
        NDArray u = uniform(0.1, 2, shape);
        NDArray sign = uniform(0, 1, shape).lt(0.5).mul(2).sub(1);
        return u.mul(sign);
    }

    /** A constant the function uses (mask, statistics), on its input's device and in its dtype. */
    static Tensor constant(Tensor like, NDArray value) {
        return Tensor.of(value.to(like.dtype()).to(like.device()));
    }

    /** An index array (float32 whole numbers on every device), on the input's device. */
    static NDArray index(Tensor like, NDArray idx) {
        return idx.to(like.device());
    }

    /** A checked function and the inputs drawn for it. */
    record Case(Function<List<Tensor>, Tensor> fn, NDArray... inputs) {}

    // The indexing cases both checks run: repeated and out-of-order indices, so that gradients add up.

    Case indexSelect() {
        NDArray idx = NDArray.of(new float[] {2, 0, 2}, 3);
        return new Case(t -> t.get(0).indexSelect(0, index(t.get(0), idx)).exp(), randn(3, 2));
    }

    Case gather() {
        NDArray idx = NDArray.of(new float[] {0, 0, 3, 2, 1, 1}, 2, 3);
        return new Case(t -> t.get(0).gather(1, index(t.get(0), idx)).exp(), randn(2, 4));
    }

    Case scatterAdd() {
        NDArray idx = NDArray.of(new float[] {0, 0, 3, 2, 1, 1}, 2, 3);
        return new Case(t -> Tensor.scatterAdd(new int[] {2, 4}, 1, index(t.get(0), idx), t.get(0)).exp(), randn(2, 3));
    }
}
