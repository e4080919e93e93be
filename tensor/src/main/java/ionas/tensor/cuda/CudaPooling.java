package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.kernels.geometry.PoolGeometry;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/** Max and average pooling, forward and backward, on pool.cu. */
final class CudaPooling {
    private static final String M = "pool";
    private static final Kernel MAX_FORWARD = new Kernel(M, "maxpool2d_fwd_f32"), MAX_BACKWARD = new Kernel(M, "maxpool2d_bwd_f32"),
            AVG_FORWARD = new Kernel(M, "avgpool2d_fwd_f32"), AVG_BACKWARD = new Kernel(M, "avgpool2d_bwd_f32");

    private final CudaLaunch launch;
    private final CudaElementwise elementwise;
    private final CudaIndexing indexing;

    CudaPooling(CudaLaunch launch, CudaElementwise elementwise, CudaIndexing indexing) {
        this.launch = launch;
        this.elementwise = elementwise;
        this.indexing = indexing;
    }

    /**
     * pool.cu's {@code struct Pool} by value: planes (= batch * channels), h, w, oh, ow, kh, kw,
     * sh, sw, ph, pw, 11 ints.
     */
    static int[] pool(PoolGeometry g) {
        return new int[] {g.batch() * g.channels(), g.height(), g.width(), g.outHeight(), g.outWidth(),
                g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padH(), g.padW()};
    }

    /** {values, argmax}: the kernel writes int32 indices, converted in place to the Backend's float indices. */
    NDArray[] maxPool2d(NDArray x, PoolGeometry g) {
        NDArray dx = elementwise.dense(x);
        NDArray y = empty(launch.context(), g.outputSize()), idx = empty(launch.context(), g.outputSize());
        int n = g.outputSize();
        if (n > 0) {
            long pi = address("maxPool2d", idx);
            launch.kernel(MAX_FORWARD, strideGrid(n), BLOCK).ptr(address("maxPool2d", y)).ptr(pi).ptr(address("maxPool2d", dx))
                    .struct(pool(g)).launch();
            indexing.intsToFloats(pi, pi, n);
        }
        return new NDArray[] {y, idx};
    }

    NDArray maxPool2dBackward(NDArray gy, NDArray argmax, PoolGeometry g) {
        String op = "maxPool2dBackward";
        NDArray dgy = elementwise.dense(gy);
        NDArray gx = empty(launch.context(), g.inputSize());
        if (gx.numel() == 0) return gx;
        try (CudaStorage ints = indexing.toInts(op, argmax, g.height() * g.width())) {
            launch.kernel(MAX_BACKWARD, strideGrid(gx.numel()), BLOCK).ptr(address(op, gx)).ptr(address(op, dgy)).ptr(ints.pointer())
                    .struct(pool(g)).launch();
        }
        return gx;
    }

    NDArray avgPool2d(NDArray x, PoolGeometry g) {
        NDArray dx = elementwise.dense(x);
        NDArray y = empty(launch.context(), g.outputSize());
        if (y.numel() > 0) {
            launch.kernel(AVG_FORWARD, strideGrid(y.numel()), BLOCK).ptr(address("avgPool2d", y)).ptr(address("avgPool2d", dx))
                    .struct(pool(g)).launch();
        }
        return y;
    }

    NDArray avgPool2dBackward(NDArray gy, PoolGeometry g) {
        NDArray dgy = elementwise.dense(gy);
        NDArray gx = empty(launch.context(), g.inputSize());
        if (gx.numel() > 0) {
            launch.kernel(AVG_BACKWARD, strideGrid(gx.numel()), BLOCK).ptr(address("avgPool2dBackward", gx))
                    .ptr(address("avgPool2dBackward", dgy)).struct(pool(g)).launch();
        }
        return gx;
    }
}
