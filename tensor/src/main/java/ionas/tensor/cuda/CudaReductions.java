package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.MAX_GRID_YZ;
import static ionas.tensor.cuda.CudaLaunch.blocks;

import ionas.kernels.ReduceOp;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/** Sum/max/min over a middle axis, row argmax and row softmax on reduce.cu and softmax.cu. */
final class CudaReductions {
    /** reduce_cols_f32's block: 32 columns by 8 partial rows (COLS_Y in reduce.cu). */
    private static final int COLS_X = 32, COLS_Y = 8;
    /** softmax_warp_f32 handles rows up to this length, 4 rows (warps) per 128-thread block. */
    private static final int WARP_ROW_MAX = 1024, WARP_BLOCK = 128, ROWS_PER_WARP_BLOCK = 4;
    private static final Kernel REDUCE_ROWS = new Kernel("reduce", "reduce_rows_f32"),
            REDUCE_COLS = new Kernel("reduce", "reduce_cols_f32"), ARGMAX_ROWS = new Kernel("reduce", "argmax_rows_f32"), SOFTMAX_WARP = new Kernel("softmax", "softmax_warp_f32"),
            SOFTMAX_BLOCK = new Kernel("softmax", "softmax_block_f32");

    private final CudaLaunch launch;
    private final CudaElementwise elementwise;
    private final CudaIndexing indexing;

    CudaReductions(CudaLaunch launch, CudaElementwise elementwise, CudaIndexing indexing) {
        this.launch = launch;
        this.elementwise = elementwise;
        this.indexing = indexing;
    }

    /** (outer, reduced, inner) to (outer, inner); the divisor is 1: mean divides on the tensor side, as on the CPU. */
    NDArray reduce(ReduceOp op, NDArray x, int outer, int reduced, int inner) {
        address("reduce", x); // type check before any work
        NDArray out = empty(launch.context(), outer * inner);
        if (outer == 0 || inner == 0) return out;
        long px = address("reduce", elementwise.dense(x)), py = address("reduce", out);
        if (inner == 1) {
            launch.kernel(REDUCE_ROWS, outer, BLOCK).ptr(py).ptr(px).i32(op.ordinal()).i32(outer).i32(reduced).f32(1f).launch();
        } else {
            launch.kernel(REDUCE_COLS, blocks(inner, COLS_X), Math.min(outer, MAX_GRID_YZ), 1, COLS_X, COLS_Y)
                    .ptr(py).ptr(px).i32(op.ordinal()).i32(outer).i32(reduced).i32(inner).f32(1f).launch();
        }
        return out;
    }

    /** The index of the first maximum of each row, as floats (the Backend's index convention). */
    NDArray argmax(NDArray x, int rows, int n) {
        address("argmax", x);
        NDArray out = empty(launch.context(), rows);
        if (rows == 0) return out;
        if (n == 0) throw new IllegalArgumentException("argmax: rows of 0 elements have no maximum");
        long px = address("argmax", elementwise.dense(x)), po = address("argmax", out);
        // int32 indices into the output's own block, then converted in place
        launch.kernel(ARGMAX_ROWS, rows, BLOCK).ptr(po).ptr(px).i32(rows).i32(n).launch();
        indexing.intsToFloats(po, po, rows);
        return out;
    }

    NDArray softmax(NDArray x, int rows, int n, boolean log) {
        address("softmax", x);
        NDArray out = empty(launch.context(), x.numel());
        if (rows == 0 || n == 0) return out;
        long px = address("softmax", elementwise.dense(x)), py = address("softmax", out);
        if (n <= WARP_ROW_MAX) {
            launch.kernel(SOFTMAX_WARP, blocks(rows, ROWS_PER_WARP_BLOCK), WARP_BLOCK).ptr(py).ptr(px).i32(rows).i32(n).i32(log ? 1 : 0)
                    .launch();
        } else {
            launch.kernel(SOFTMAX_BLOCK, rows, BLOCK).ptr(py).ptr(px).i32(rows).i32(n).i32(log ? 1 : 0).launch();
        }
        return out;
    }
}
