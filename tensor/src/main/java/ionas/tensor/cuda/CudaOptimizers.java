package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.f32;
import static ionas.tensor.cuda.CudaLaunch.i32;
import static ionas.tensor.cuda.CudaLaunch.i64;
import static ionas.tensor.cuda.CudaLaunch.ptr;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.NDArray;

/** The fused SGD and Adam updates of {@code optim.cu}: one launch per parameter, in place. */
final class CudaOptimizers {
    private static final String M = "optim";

    private final CudaLaunch launch;

    CudaOptimizers(CudaLaunch launch) {
        this.launch = launch;
    }

    void sgd(NDArray w, NDArray grad, NDArray velocity, float lr, float momentum, float wd, boolean first) {
        requireDense("sgdStep", w, grad);
        long n = w.numel();
        if (n == 0) return;
        long pv = 0;
        if (momentum != 0f) {
            requireDense("sgdStep", velocity);
            pv = address("sgdStep", velocity);
        }
        launch.launch(M, "sgd_f32", strideGrid(n), BLOCK, ptr(address("sgdStep", w)), ptr(address("sgdStep", grad)), ptr(pv), i64(n),
                f32(lr), f32(momentum), f32(wd), i32(first ? 1 : 0));
    }

    void adam(NDArray w, NDArray grad, NDArray m, NDArray v, float b1, float oneMinusB1, float b2, float oneMinusB2, float eps, float wd,
              float c2, float stepSize) {
        requireDense("adamStep", w, grad, m, v);
        long n = w.numel();
        if (n == 0) return;
        launch.launch(M, "adam_f32", strideGrid(n), BLOCK, ptr(address("adamStep", w)), ptr(address("adamStep", grad)),
                ptr(address("adamStep", m)), ptr(address("adamStep", v)), i64(n), f32(b1), f32(oneMinusB1), f32(b2), f32(oneMinusB2),
                f32(eps), f32(wd), f32(c2), f32(stepSize));
    }

    private static void requireDense(String op, NDArray... xs) {
        for (NDArray x : xs)
            if (!x.isContiguous() || x.numel() != xs[0].numel())
                throw new IllegalArgumentException(op + ": needs contiguous arrays of " + xs[0].numel() + " elements");
    }
}
