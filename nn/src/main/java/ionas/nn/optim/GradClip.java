package ionas.nn.optim;

import ionas.nn.Parameter;
import ionas.tensor.Backend;
import ionas.tensor.Backends;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by maxNorm / (norm + 1e-6) when their joint L2 norm exceeds
     * {@code maxNorm}; returns the norm before clipping as a 0-d array on the gradients' device
     * (float32, float64 when a gradient is), as PyTorch returns a tensor: reading it
     * ({@code .item()}) is the caller's choice, and on a GPU the only wait for the device.
     *
     * <p>The norm is {@code sqrt(sum_i grad_i.square().sum())}, the per-gradient sums added in a
     * double in parameter order, as {@link FusedOptimizers#clipGradNorm} defines it. On the CPU it is that
     * composition, unchanged; on a CUDA device the same numbers are computed on the device
     * (per-gradient sums in the order of the backend's own {@code sum()}), and the clipped
     * gradients replace the old ones whether or not they were scaled (equal values when not).
     * Gradients on several devices take the composition, reading each sum back.
     */
    public static NDArray clipGradNorm(List<Parameter> params, double maxNorm) {
        List<Parameter> with = new ArrayList<>();
        List<NDArray> grads = new ArrayList<>();
        for (Parameter p : params) {
            if (p.grad() == null) continue;
            with.add(p);
            grads.add(p.grad());
        }
        if (grads.isEmpty()) return NDArray.full(0.0, DType.FLOAT32, params.isEmpty() ? Device.CPU : params.get(0).data().device());
        Device device = grads.get(0).device();
        for (NDArray g : grads) if (!g.device().equals(device)) device = null;
        Backend backend = device == null ? Backends.cpu() : grads.get(0).backend();
        // a backend without fused clipping gets the composition, which its clipGradNorm would compute
        NDArray[] out = backend instanceof FusedOptimizers fused ? fused.clipGradNorm(grads, maxNorm)
                : FusedOptimizers.composedClipGradNorm(grads, maxNorm, backend.device());
        for (int i = 0; i < with.size(); i++) if (out[i + 1] != grads.get(i)) with.get(i).setGrad(out[i + 1]);
        return out[0];
    }
}
