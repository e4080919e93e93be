package ionas.autograd;

import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalisation as one op with its own backward (the composed version takes a dozen passes),
 * optionally with the ReLU that follows it fused in (conv-bn-relu blocks): the ReLU is then applied
 * in the affine's pass and its mask inside batch norm's backward, which saves a read and a write of
 * the activation each way and a stored activation, with the bits of the two separate ops.
 * Its second derivatives come from its definition written in primitive ops, differentiated by the
 * engine: the fused backward kernel is for the first derivative, which training needs every step.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * y = (x - mean) / sqrt(var + eps) * gamma + beta per channel (dimension 1), then max(y, 0) when
     * {@code relu}; inputs x, gamma, beta. In training mean and var are the batch's (biased variance)
     * and are exposed through {@link #batchMean()} and {@link #batchVar()} for the running
     * statistics; in evaluation they are the given running statistics, constants for backward.
     */
    public static final class BatchNorm extends Op {
        private final NDArray runningMean, runningVar;
        private final double eps;
        private final boolean relu;
        private NDArray x, gamma, mean, var, invstd; // x and gamma for the forward only

        /** Training mode: normalise with the batch statistics; with {@code relu}, batch norm then ReLU as one op. */
        public BatchNorm(double eps, boolean relu) {
            this(null, null, eps, relu);
        }

        /**
         * Evaluation mode: normalise with the given (running) statistics; with {@code relu}, batch
         * norm then ReLU as one op.
         */
        public BatchNorm(NDArray runningMean, NDArray runningVar, double eps, boolean relu) {
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.eps = eps;
            this.relu = relu;
        }

        private boolean training() {
            return runningMean == null;
        }

        @Override
        protected NDArray forward(NDArray... in) {
            x = in[0];
            gamma = in[1];
            NDArray beta = in[2];
            int c = x.dim() >= 2 ? x.size(1) : -1; // -1: the composed path reports the bad input as before
            if (!isChannelVector(gamma, c) || !isChannelVector(beta, c)) return composedForward(beta);
            // the values of the composed ops below, bit for bit, in one backend op: with the
            // statistics in training (stats + affine: two launches on a GPU), from the running ones else
            NDArray scale, shift;
            if (training()) {
                NDArray[] s = x.channelStatsAndParams(gamma, beta, eps);
                mean = s[0];
                var = s[1];
                invstd = s[2];
                scale = s[3];
                shift = s[4];
            } else {
                mean = runningMean.to(x.dtype());
                var = runningVar.to(x.dtype());
                if (!isChannelVector(mean, c) || !isChannelVector(var, c)) return composedForward(beta);
                NDArray[] p = NDArray.batchNormParams(mean, var, gamma, beta, eps);
                invstd = p[0];
                scale = p[1];
                shift = p[2];
            }
            return x.channelAffine(scale, shift, relu);
        }

        private static boolean isChannelVector(NDArray a, int c) {
            return a.dim() == 1 && a.size(0) == c;
        }

        /** The definition, op by op, for parameters or statistics that are not (C) vectors (broadcast ones). */
        private NDArray composedForward(NDArray beta) {
            if (training()) {
                NDArray[] stats = x.channelStats();
                mean = stats[0];
                var = stats[1];
            } else {
                mean = runningMean.to(x.dtype());
                var = runningVar.to(x.dtype());
            }
            invstd = var.add(eps).sqrt().reciprocal();
            NDArray scale = gamma.to(x.dtype()).mul(invstd);
            NDArray shift = beta.to(x.dtype()).sub(mean.mul(scale));
            return x.channelAffine(scale, shift, relu);
        }

        /**
         * With the ReLU, its mask (from this op's output, as the separate ReLU's backward takes it)
         * inside batch norm's backward kernel, or, building a graph, applied to g as that ReLU's
         * backward applies it, before the definition's gradients: the same gradients either way.
         */
        @Override
        protected Tensor[] backward(Tensor g) {
            if (Autograd.isGradEnabled()) return gradientsOfTheDefinition(relu ? Elementwise.Relu.gradient(g, output()) : g);
            NDArray gammaData = input(1).data();
            NDArray[] r = NDArray.batchNormBackward(g.data(), relu ? output().data() : null, input(0).data(), mean, invstd,
                    gammaData, training());
            return new Tensor[] {Tensor.of(r[0]), needsGrad(1) ? Tensor.of(r[1].to(gammaData.dtype())) : null,
                    needsGrad(2) ? Tensor.of(r[2].to(gammaData.dtype())) : null};
        }

        /**
         * The gradients with graphs of their own (createGraph): the engine's, through {@link #definition}
         * (of batch norm alone: {@code g} has been through the ReLU's backward).
         */
        private Tensor[] gradientsOfTheDefinition(Tensor g) {
            List<Tensor> wanted = new ArrayList<>();
            for (int i = 0; i < 3; i++) if (needsGrad(i)) wanted.add(input(i));
            Tensor y = definition(input(0), input(1), input(2));
            List<Tensor> grads = Autograd.grad(List.of(y), List.of(g), wanted, BackwardMode.CREATE_GRAPH);
            Tensor[] out = new Tensor[3];
            for (int i = 0, k = 0; i < 3; i++) if (needsGrad(i)) out[i] = grads.get(k++);
            return out;
        }

        /** (x - mean) / sqrt(var + eps) * gamma + beta per channel, in primitive (differentiable) ops. */
        private Tensor definition(Tensor x, Tensor gamma, Tensor beta) {
            int[] dims = new int[x.dim() - 1], channel = new int[x.dim()];
            for (int i = 0, k = 0; i < x.dim(); i++) {
                channel[i] = i == 1 ? x.size(1) : 1;
                if (i != 1) dims[k++] = i;
            }
            Tensor m = training() ? x.mean(dims, true) : Tensor.of(mean.reshape(channel));
            Tensor v = training() ? x.var(dims, false, true) : Tensor.of(var.reshape(channel));
            Tensor normalised = x.sub(m).div(v.add(eps).sqrt());
            return normalised.mul(gamma.reshape(channel)).add(beta.reshape(channel));
        }

        /** The batch mean of the last forward pass (training mode). */
        public NDArray batchMean() {
            return mean;
        }

        /** The biased batch variance of the last forward pass (training mode). */
        public NDArray batchVar() {
            return var;
        }

        @Override
        protected void releaseSaved() {
            x = gamma = null;
        }

        @Override
        public String name() {
            return (relu ? "BatchNormRelu" : "BatchNorm") + (training() ? "" : "(eval)");
        }
    }
}
