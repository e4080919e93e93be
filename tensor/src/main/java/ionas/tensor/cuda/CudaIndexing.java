package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/**
 * Gather, scatter-add and the index conversions on index.cu.
 *
 * <p>Index arrays hold integers as floats (the Backend's convention). The CPU throws
 * {@link IndexOutOfBoundsException} for an index that is not a whole number in range; to do the
 * same, the checking kernels report a bad index in the context's {@link IndexCheck} flag, which
 * the host reads at its next synchronisation (a download, {@link CudaContext#synchronize()}) and
 * throws there, naming the op. No op here waits for the stream.
 */
final class CudaIndexing {
    private static final String M = "index";
    private static final Kernel INT_TO_FLOAT = new Kernel(M, "int_to_float_f32"), FLOAT_TO_INDEX = new Kernel(M, "float_to_index_f32"),
            GATHER = new Kernel(M, "gather_f32"), SCATTER_ADD = new Kernel(M, "scatter_add_f32");

    private final CudaLaunch launch;
    private final CudaElementwise elementwise;

    CudaIndexing(CudaLaunch launch, CudaElementwise elementwise) {
        this.launch = launch;
        this.elementwise = elementwise;
    }

    /** {@code out[i] = (float) in[i]} for {@code n} int32 values; {@code out} may be {@code in}. */
    void intsToFloats(long out, long in, long n) {
        if (n == 0) return;
        launch.kernel(INT_TO_FLOAT, strideGrid(n), BLOCK).ptr(out).ptr(in).i64(n).launch();
    }

    /**
     * The float indices of {@code index} as int32 values in a new block (read as ints by pool.cu),
     * each checked to be a whole number in [0, bound). The caller closes the block.
     */
    CudaStorage toInts(String op, NDArray index, int bound) {
        int n = index.numel();
        NDArray dense = elementwise.dense(index);
        CudaStorage ints = CudaStorage.allocate(launch.context(), n); // int32 is 4 bytes, as a float
        if (n == 0) return ints;
        try {
            IndexCheck check = launch.context().indexCheck();
            launch.kernel(FLOAT_TO_INDEX, strideGrid(n), BLOCK).ptr(ints.pointer()).ptr(check.flag()).i32(check.site(op))
                    .ptr(address(op, dense)).i32(bound).i64(n).launch();
        } catch (RuntimeException e) {
            ints.close();
            throw e;
        }
        return ints;
    }

    NDArray gather(NDArray x, int outer, int xDim, int inner, NDArray index, int iDim) {
        NDArray dx = elementwise.dense(x), di = elementwise.dense(index);
        NDArray out = CudaArrays.empty(launch.context(), outer * iDim * inner);
        long total = (long) outer * iDim * inner;
        if (total == 0) return out;
        IndexCheck check = launch.context().indexCheck();
        launch.kernel(GATHER, strideGrid(total), BLOCK).ptr(address("gather", out)).ptr(check.flag()).i32(check.site("gather"))
                .ptr(address("gather", dx)).ptr(address("gather", di)).i32(outer).i32(xDim).i32(inner).i32(iDim).launch();
        return out;
    }

    NDArray scatterAdd(NDArray src, int outer, int iDim, int inner, NDArray index, int outDim) {
        NDArray ds = elementwise.dense(src), di = elementwise.dense(index);
        NDArray out = CudaArrays.empty(launch.context(), outer * outDim * inner);
        if (out.numel() == 0) return out;
        elementwise.fill(out, 0f); // the kernel adds into it
        long columns = (long) outer * inner;
        if (iDim == 0) return out;
        IndexCheck check = launch.context().indexCheck();
        launch.kernel(SCATTER_ADD, strideGrid(columns), BLOCK).ptr(address("scatterAdd", out)).ptr(check.flag())
                .i32(check.site("scatterAdd")).ptr(address("scatterAdd", ds)).ptr(address("scatterAdd", di)).i32(outer).i32(iDim)
                .i32(inner).i32(outDim).launch();
        return out;
    }
}
