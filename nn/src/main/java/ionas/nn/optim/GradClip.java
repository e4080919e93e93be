package ionas.nn.optim;

import ionas.nn.Parameter;
import java.util.List;

/** Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by maxNorm / (norm + 1e-6) when their joint L2 norm exceeds
     * {@code maxNorm}; returns the norm before clipping.
     */
    public static double clipGradNorm(List<Parameter> params, double maxNorm) {
        double sq = 0;
        for (Parameter p : params) if (p.grad() != null) sq += p.grad().square().sum().item();
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) for (Parameter p : params) if (p.grad() != null) p.setGrad(p.grad().mul(coef));
        return norm;
    }
}
