package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.i32;
import static ionas.tensor.cuda.CudaLaunch.ptr;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.NDArray;

/** Batch-normalisation statistics, affine and backward over contiguous (n, c, l) on norm.cu. */
final class CudaNormalization {
    private static final String M = "norm";

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
            launch.launch(M, "bn_stats_f32", c, BLOCK, ptr(address("channelStats", mean)), ptr(address("channelStats", var)),
                    ptr(address("channelStats", dx)), i32(n), i32(c), i32(l));
        }
        return new NDArray[] {mean, var};
    }

    NDArray channelAffine(NDArray x, int n, int c, int l, NDArray scale, NDArray shift) {
        String op = "channelAffine";
        NDArray dx = elementwise.dense(x), ds = elementwise.dense(scale), dt = elementwise.dense(shift);
        NDArray y = empty(launch.context(), x.shape());
        long total = (long) n * c * l;
        if (total > 0) {
            launch.launch(M, "bn_affine_f32", strideGrid(total), BLOCK, ptr(address(op, y)), ptr(address(op, dx)),
                    ptr(address(op, ds)), ptr(address(op, dt)), i32(n), i32(c), i32(l));
        }
        return y;
    }

    /** {dx, dgamma, dbeta}: one block per channel. */
    NDArray[] batchNormBackward(NDArray g, NDArray x, int n, int c, int l, NDArray mean, NDArray invstd,
                                NDArray gamma, boolean training) {
        String op = "batchNormBackward";
        NDArray[] in = {elementwise.dense(g), elementwise.dense(x), elementwise.dense(mean), elementwise.dense(invstd),
                elementwise.dense(gamma)};
        NDArray dx = empty(launch.context(), x.shape()), dgamma = empty(launch.context(), c), dbeta = empty(launch.context(), c);
        if (c > 0) {
            launch.launch(M, "bn_backward_f32", c, BLOCK, ptr(address(op, dx)), ptr(address(op, dgamma)), ptr(address(op, dbeta)),
                    ptr(address(op, in[0])), ptr(address(op, in[1])), ptr(address(op, in[2])), ptr(address(op, in[3])),
                    ptr(address(op, in[4])), i32(n), i32(c), i32(l), i32(training ? 1 : 0));
        }
        return new NDArray[] {dx, dgamma, dbeta};
    }
}
