package ionas.tensor;

import java.util.List;

/**
 * A backend's fused optimiser updates and gradient clipping: a capability that a {@link Backend}
 * may add ({@code implements Backend, FusedOptimizers}), not part of what every device must
 * implement. Callers ask for it with {@code backend instanceof FusedOptimizers} and otherwise
 * compose the same updates from NDArray ops (ionas.nn.optim's {@code update}), which give the
 * same numbers; the fused forms save the temporaries and, on a GPU, the launches.
 */
public interface FusedOptimizers {
    /** The device whose arrays these updates take (the backend's own). */
    Device device();

    // ---------------------------------------------------------------- fused optimiser updates
    // In place on contiguous float32 arrays of one parameter; the math, op by op, of the composed
    // NDArray updates in ionas.nn.optim (see OptimizerKernels and optim.cu), so either path gives
    // the same bits. Scalars are the float roundings of the optimiser's doubles.

    /** SGD: {@code velocity} is ignored (may be null) when {@code momentum} is 0; {@code first} starts it. */
    void sgdStep(NDArray w, NDArray grad, NDArray velocity, float lr, float momentum, float weightDecay, boolean first);

    /** Adam: {@code c2 = 1 - b2^t}, {@code stepSize = lr / (1 - b1^t)}; zeroed m and v give the first step. */
    void adamStep(NDArray w, NDArray grad, NDArray m, NDArray v, float b1, float oneMinusB1, float b2, float oneMinusB2, float eps,
                  float weightDecay, float c2, float stepSize);

    // ---------------------------------------------------------------- multi-tensor ("foreach") forms
    // The same updates for many parameters at once; a device backend launches one kernel for all of
    // them (CUDA: optim.cu's *_multi_f32), with the same float operations per element, so the
    // results are those of the per-parameter methods bit for bit. The defaults loop.

    /** {@link #sgdStep} for every i ({@code velocity} may be null when {@code momentum} is 0). */
    default void sgdSteps(List<NDArray> w, List<NDArray> grad, List<NDArray> velocity, boolean[] first, float lr, float momentum,
                          float weightDecay) {
        for (int i = 0; i < w.size(); i++)
            sgdStep(w.get(i), grad.get(i), velocity == null ? null : velocity.get(i), lr, momentum, weightDecay, first[i]);
    }

    /** {@link #adamStep} for every i, with parameter i's own {@code c2[i]} and {@code stepSize[i]} (its own step count). */
    default void adamSteps(List<NDArray> w, List<NDArray> grad, List<NDArray> m, List<NDArray> v, float b1, float oneMinusB1, float b2,
                           float oneMinusB2, float eps, float weightDecay, float[] c2, float[] stepSize) {
        for (int i = 0; i < w.size(); i++)
            adamStep(w.get(i), grad.get(i), m.get(i), v.get(i), b1, oneMinusB1, b2, oneMinusB2, eps, weightDecay, c2[i], stepSize[i]);
    }

    /**
     * Gradient clipping by the global L2 norm ({@code torch.nn.utils.clip_grad_norm_}): with
     * {@code norm = sqrt(sum_i grad_i.square().sum())}, the sums of squares added in a double in
     * list order, and {@code coef = maxNorm / (norm + 1e-6)}, returns {norm as a 0-d array on this
     * device (float64 when a gradient is, else float32), then each gradient times {@code coef}
     * when {@code coef < 1}, else the gradient itself or an equal copy}. The default composes it
     * from NDArray ops and reads each sum back (a synchronisation per gradient on a device); a
     * device backend computes it all on the device with nothing read back, bit for bit as its own
     * composition would.
     */
    default NDArray[] clipGradNorm(List<NDArray> grads, double maxNorm) {
        return composedClipGradNorm(grads, maxNorm, device());
    }

    /** {@link #clipGradNorm} composed from NDArray ops, its norm on {@code device}: for backends without this capability too. */
    static NDArray[] composedClipGradNorm(List<NDArray> grads, double maxNorm, Device device) {
        double sq = 0;
        boolean float64 = false;
        for (NDArray g : grads) {
            sq += g.square().sum().item();
            float64 |= g.dtype() == DType.FLOAT64;
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        NDArray[] out = new NDArray[grads.size() + 1];
        out[0] = NDArray.full(norm, float64 ? DType.FLOAT64 : DType.FLOAT32, device);
        for (int i = 0; i < grads.size(); i++) out[i + 1] = coef < 1 ? grads.get(i).mul(coef) : grads.get(i);
        return out;
    }
}
