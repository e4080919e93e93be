package ionas.nn.layers;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.Parameter;
import ionas.tensor.NDArray;

/**
 * Batch normalisation with PyTorch's semantics, over dimension 1 (features or channels):
 * BatchNorm1d takes (N, C) or (N, C, L), BatchNorm2d takes (N, C, H, W).
 *
 * <p>In training it normalises with the batch mean and the biased variance, and updates the
 * running statistics with momentum 0.1 using the <em>unbiased</em> variance; in evaluation it
 * normalises with the running statistics. y = (x - mean) / sqrt(var + eps) * weight + bias.
 */
public final class BatchNorm extends Layer {
    private final int features, rank;
    private final double eps, momentum;
    public final Parameter weight; // (C)
    public final Parameter bias;   // (C)

    private BatchNorm(int features, int rank, double eps, double momentum) {
        this.features = features;
        this.rank = rank;
        this.eps = eps;
        this.momentum = momentum;
        weight = parameter("weight", NDArray.ones(features));
        bias = parameter("bias", NDArray.zeros(features));
        // looked up by name when used, so that they follow the module to another device
        buffer("running_mean", NDArray.zeros(features));
        buffer("running_var", NDArray.ones(features));
        buffer("num_batches_tracked", NDArray.zeros());
    }

    /** For (N, C) or (N, C, L) input. */
    public static BatchNorm batchNorm1d(int features) {
        return new BatchNorm(features, 1, 1e-5, 0.1);
    }

    /** For (N, C, H, W) input. */
    public static BatchNorm batchNorm2d(int features) {
        return new BatchNorm(features, 2, 1e-5, 0.1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return hooked(x, in -> normalise(in, false));
    }

    /**
     * {@code forward(x).relu()}, bit for bit, as one op (batch norm with the ReLU fused in: a pass
     * over the activation fewer in forward and in backward, one stored activation fewer). With a
     * hook registered it is those two calls, so that the hook sees (or replaces) batch norm's own
     * output, as the zero-cost proxies expect. Made for images, whose channel rows of H*W values
     * the kernels stream; on (N, C) features a separate relu() is faster (see GINLayer).
     */
    public Tensor forwardThenRelu(Tensor x) {
        return hasHooks() ? forward(x).relu() : normalise(x, true);
    }

    private Tensor normalise(Tensor x, boolean relu) {
        boolean ok = rank == 2 ? x.dim() == 4 : x.dim() == 2 || x.dim() == 3;
        if (!ok || x.size(1) != features)
            throw new IllegalArgumentException("BatchNorm" + rank + "d(" + features + "): expected "
                    + (rank == 2 ? "(N, " + features + ", H, W)" : "(N, " + features + ") or (N, " + features + ", L)")
                    + ", got " + java.util.Arrays.toString(x.shape()));
        if (!isTraining()) return relu ? x.batchNormRelu(weight, bias, runningMean(), runningVar(), eps)
                : x.batchNorm(weight, bias, runningMean(), runningVar(), eps);
        Tensor.BatchNormOutput out = relu ? x.batchNormRelu(weight, bias, eps) : x.batchNorm(weight, bias, eps);
        updateRunningStats(out.mean(), out.biasedVar(), x.numel() / features);
        return out.output();
    }

    /**
     * In place, one backend op (one launch on a GPU): runningMean = runningMean * (1 - momentum) +
     * mean * momentum, runningVar likewise with the unbiased variance biasedVar * n / (n - 1),
     * num_batches_tracked + 1, rounded as those composed ops round ({@code Backend.batchNormUpdateRunning}).
     */
    private void updateRunningStats(NDArray mean, NDArray biasedVar, int n) {
        try (var scope = Autograd.noGrad()) {
            NDArray.batchNormUpdateRunning(runningMean(), runningVar(), buffer("num_batches_tracked"), mean, biasedVar, momentum, n);
        }
    }

    public NDArray runningMean() { return buffer("running_mean"); }
    public NDArray runningVar() { return buffer("running_var"); }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + eps + ", momentum=" + momentum;
    }
}
