package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.blocks;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.DType;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/** Batch-normalisation statistics, forward values, affine, running statistics and backward over contiguous (n, c, l) on norm.cu. */
final class CudaNormalization {
    private static final String M = "norm";
    private static final Kernel STATS = new Kernel(M, "bn_stats_f32"), STATS_AND_PARAMS = new Kernel(M, "bn_stats_params_f32"),
            PARAMS = new Kernel(M, "bn_params_f32"), UPDATE_RUNNING = new Kernel(M, "bn_update_running_f32"),
            AFFINE = new Kernel(M, "bn_affine_f32"), BACKWARD = new Kernel(M, "bn_backward_f32");

    private final CudaLaunch launch;
    private final CudaElementwise elementwise;

    CudaNormalization(CudaLaunch launch, CudaElementwise elementwise) {
        this.launch = launch;
        this.elementwise = elementwise;
    }

    /** {mean, biased var}, each (c): one block per channel, double accumulation as on the CPU. */
    NDArray[] channelStats(NDArray x, int n, int c, int l) {
        NDArray dx = elementwise.dense(x);
        NDArray mean = empty(launch.context(), c), var = empty(launch.context(), c);
        if (c > 0) {
            launch.kernel(STATS, c, BLOCK).ptr(address("channelStats", mean)).ptr(address("channelStats", var))
                    .ptr(address("channelStats", dx)).i32(n).i32(c).i32(l).launch();
        }
        return new NDArray[] {mean, var};
    }

    /**
     * {mean, biased var, invstd, scale, shift}, each (c): one block per channel (bn_stats_params_f32),
     * the statistics of {@link #channelStats} and the values of {@link #params}.
     */
    NDArray[] channelStatsAndParams(NDArray x, int n, int c, int l, NDArray gamma, NDArray beta, float eps) {
        String op = "channelStatsAndParams";
        NDArray dx = elementwise.dense(x), dg = elementwise.dense(gamma), db = elementwise.dense(beta);
        NDArray[] out = new NDArray[5];
        for (int i = 0; i < 5; i++) out[i] = empty(launch.context(), c);
        if (c > 0) {
            launch.kernel(STATS_AND_PARAMS, c, BLOCK).ptr(address(op, out[0])).ptr(address(op, out[1])).ptr(address(op, out[2]))
                    .ptr(address(op, out[3])).ptr(address(op, out[4])).ptr(address(op, dx)).ptr(address(op, dg))
                    .ptr(address(op, db)).f32(eps).i32(n).i32(c).i32(l).launch();
        }
        return out;
    }

    /** {invstd, scale, shift}, each (c), from given statistics: one thread per channel (bn_params_f32). */
    NDArray[] params(NDArray mean, NDArray var, NDArray gamma, NDArray beta, float eps) {
        String op = "batchNormParams";
        NDArray[] in = {elementwise.dense(mean), elementwise.dense(var), elementwise.dense(gamma), elementwise.dense(beta)};
        int c = mean.numel();
        NDArray invstd = empty(launch.context(), c), scale = empty(launch.context(), c), shift = empty(launch.context(), c);
        if (c > 0) {
            launch.kernel(PARAMS, blocks(c, BLOCK), BLOCK).ptr(address(op, invstd)).ptr(address(op, scale))
                    .ptr(address(op, shift)).ptr(address(op, in[0])).ptr(address(op, in[1])).ptr(address(op, in[2]))
                    .ptr(address(op, in[3])).f32(eps).i32(c).launch();
        }
        return new NDArray[] {invstd, scale, shift};
    }

    /**
     * The running statistics in place (bn_update_running_f32, one thread per channel; thread 0 also
     * counts the batch) when the three running arrays are contiguous float32 arrays; returns false,
     * launching nothing, when they are not.
     */
    boolean updateRunning(NDArray runningMean, NDArray runningVar, NDArray batchesTracked, NDArray mean, NDArray biasedVar,
                          float unbias, float keep, float momentum) {
        String op = "batchNormUpdateRunning";
        for (NDArray a : new NDArray[] {runningMean, runningVar, batchesTracked, mean, biasedVar})
            if (a.dtype() != DType.FLOAT32) return false;
        for (NDArray a : new NDArray[] {runningMean, runningVar, batchesTracked})
            if (!a.isContiguous()) return false;
        NDArray dm = elementwise.dense(mean), dv = elementwise.dense(biasedVar);
        int c = runningMean.numel();
        launch.kernel(UPDATE_RUNNING, blocks(c, BLOCK), BLOCK).ptr(address(op, runningMean)).ptr(address(op, runningVar))
                .ptr(address(op, batchesTracked)).ptr(address(op, dm)).ptr(address(op, dv)).f32(unbias).f32(keep).f32(momentum)
                .i32(c).launch();
        return true;
    }

    /** y = x * scale + shift per channel, then relu(y) when {@code relu}: one elementwise launch (bn_affine_f32). */
    NDArray channelAffine(NDArray x, int n, int c, int l, NDArray scale, NDArray shift, boolean relu) {
        String op = "channelAffine";
        NDArray dx = elementwise.dense(x), ds = elementwise.dense(scale), dt = elementwise.dense(shift);
        NDArray y = empty(launch.context(), x.shape());
        long total = (long) n * c * l;
        if (total > 0) {
            launch.kernel(AFFINE, strideGrid(total), BLOCK).ptr(address(op, y)).ptr(address(op, dx)).ptr(address(op, ds))
                    .ptr(address(op, dt)).i32(n).i32(c).i32(l).i32(relu ? 1 : 0).launch();
        }
        return y;
    }

    /** {dx, dgamma, dbeta}: one block per channel; {@code reluOut} (or null) masks g in the same launch. */
    NDArray[] batchNormBackward(NDArray g, NDArray reluOut, NDArray x, int n, int c, int l, NDArray mean, NDArray invstd,
                                NDArray gamma, boolean training) {
        String op = "batchNormBackward";
        NDArray[] in = {elementwise.dense(g), elementwise.dense(x), elementwise.dense(mean), elementwise.dense(invstd),
                elementwise.dense(gamma)};
        NDArray mask = reluOut == null ? null : elementwise.dense(reluOut);
        NDArray dx = empty(launch.context(), x.shape()), dgamma = empty(launch.context(), c), dbeta = empty(launch.context(), c);
        if (c > 0) {
            launch.kernel(BACKWARD, c, BLOCK).ptr(address(op, dx)).ptr(address(op, dgamma)).ptr(address(op, dbeta))
                    .ptr(address(op, in[0])).ptr(mask == null ? 0L : address(op, mask)).ptr(address(op, in[1])).ptr(address(op, in[2])).ptr(address(op, in[3]))
                    .ptr(address(op, in[4])).i32(n).i32(c).i32(l).i32(training ? 1 : 0).launch();
        }
        return new NDArray[] {dx, dgamma, dbeta};
    }
}
