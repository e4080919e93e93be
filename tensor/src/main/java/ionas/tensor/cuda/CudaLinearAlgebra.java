package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.MAX_GRID_YZ;
import static ionas.tensor.cuda.CudaLaunch.blocks;

import ionas.kernels.geometry.ConvGeometry;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/**
 * Batched matmul on gemm.cu and the three convolution passes on conv.cu, each in exact FP32 or,
 * when {@link CudaBackend#allowTf32()} is on, on TF32 tensor cores.
 */
final class CudaLinearAlgebra {
    /** Output tile of every GEMM and conv kernel: 128 x 128. */
    static final int TILE = 128;
    /** Threads per block: the FP32 kernels (F32_THREADS) and the TF32 ones (TF_THREADS, 4 warps). */
    static final int F32_THREADS = 256, TF32_THREADS = 128;
    /** The shortest K range worth a split of the weight gradient (conv.cu's suggestion). */
    static final int MIN_SPLIT_K = 512;

    /** A kernel in its two precisions: gemm.cu and conv.cu name them {@code base_f32} and {@code base_tf32}. */
    private record Precisions(Kernel f32, Kernel tf32) {
        Precisions(String module, String base) {
            this(new Kernel(module, base + "_f32"), new Kernel(module, base + "_tf32"));
        }

        Kernel get(boolean tf32) {
            return tf32 ? this.tf32 : f32;
        }
    }

    private static final Precisions SGEMM = new Precisions("gemm", "sgemm"), CONV_FORWARD = new Precisions("conv", "conv2d_forward"),
            CONV_BACKWARD_INPUT = new Precisions("conv", "conv2d_backward_input"),
            CONV_BACKWARD_WEIGHT = new Precisions("conv", "conv2d_backward_weight");
    private static final Kernel SPLIT_K_REDUCE = new Kernel("conv", "conv2d_splitk_reduce_f32");

    private final CudaLaunch launch;
    private final CudaElementwise elementwise;
    private final int multiprocessors;

    CudaLinearAlgebra(CudaLaunch launch, CudaElementwise elementwise, int multiprocessors) {
        this.launch = launch;
        this.elementwise = elementwise;
        this.multiprocessors = multiprocessors;
    }

    // ---------------------------------------------------------------- matmul

    /**
     * How the GEMM reads one operand of a batched product without copying it, as
     * {@code CpuBackend.Layout}: row-major (last stride 1), column-major (second-to-last stride 1,
     * read transposed), or else a contiguous copy. {@code batchStride} is the source's stride of
     * dimension 0: 0 when the tensor layer broadcast one matrix over the batch.
     */
    record GemmOperand(NDArray source, boolean trans, int ld, long batchStride) {
        static GemmOperand of(NDArray x, CudaElementwise elementwise) {
            int[] s = x.strides(), sh = x.shape();
            if (s[2] == 1 && (s[1] >= sh[2] || sh[1] == 1)) return new GemmOperand(x, false, Math.max(s[1], sh[2]), s[0]);
            if (s[1] == 1 && (s[2] >= sh[1] || sh[2] == 1)) return new GemmOperand(x, true, Math.max(s[2], sh[1]), s[0]);
            NDArray c = elementwise.copy(x);
            return new GemmOperand(c, false, sh[2], (long) sh[1] * sh[2]);
        }
    }

    /** (batch, m, k) times (batch, k, n) gives a fresh (batch, m, n). */
    NDArray matmul(NDArray a, NDArray b, boolean tf32) {
        address("matmul", a);
        address("matmul", b);
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        NDArray out = CudaArrays.empty(launch.context(), batch, m, n);
        if (out.numel() == 0) return out;
        if (k == 0) {
            elementwise.fill(out, 0f); // an empty sum
            return out;
        }
        if (blocks(n, TILE) > MAX_GRID_YZ)
            throw new IllegalArgumentException("matmul: n = " + n + " is above the GEMM kernels' limit of " + (long) MAX_GRID_YZ * TILE);
        GemmOperand ga = GemmOperand.of(a, elementwise), gb = GemmOperand.of(b, elementwise);
        long pa = address("matmul", ga.source()), pb = address("matmul", gb.source()), pc = address("matmul", out);
        long strideC = (long) m * n;
        // grid.z is the batch, at most 65535 per launch: larger batches go in slices
        for (int z0 = 0; z0 < batch; z0 += MAX_GRID_YZ) {
            int zs = Math.min(MAX_GRID_YZ, batch - z0);
            launch.kernel(SGEMM.get(tf32), blocks(m, TILE), blocks(n, TILE), zs, threads(tf32), 1)
                    .i32(ga.trans() ? 1 : 0).i32(gb.trans() ? 1 : 0).i32(m).i32(n).i32(k).f32(1f)
                    .ptr(pa + z0 * ga.batchStride() * Float.BYTES).i32(ga.ld()).i64(ga.batchStride())
                    .ptr(pb + z0 * gb.batchStride() * Float.BYTES).i32(gb.ld()).i64(gb.batchStride())
                    .f32(0f).ptr(pc + z0 * strideC * Float.BYTES).i32(n).i64(strideC)
                    .launch();
        }
        return out;
    }

    // ---------------------------------------------------------------- convolution

    NDArray conv2d(NDArray x, NDArray w, ConvGeometry g, boolean tf32) {
        NDArray dx = elementwise.dense(x), dw = elementwise.dense(w);
        NDArray y = CudaArrays.empty(launch.context(), g.outputSize());
        if (y.numel() == 0) return y;
        long rows = (long) g.batch() * g.outHeight() * g.outWidth();
        // addresses are read after the op's last allocation: see CudaArrays.address
        var conv = launch.kernel(CONV_FORWARD.get(tf32), blocks(checkInt("conv2d", rows), TILE), blocks(g.outChannels(), TILE), 1,
                threads(tf32), 1).ptr(address("conv2d", dx)).ptr(address("conv2d", dw)).ptr(address("conv2d", y));
        geometry(conv, g).launch();
        return y;
    }

    NDArray conv2dBackwardInput(NDArray gy, NDArray w, ConvGeometry g, boolean tf32) {
        String op = "conv2dBackwardInput";
        NDArray dgy = elementwise.dense(gy), dw = elementwise.dense(w);
        NDArray gx = CudaArrays.empty(launch.context(), g.inputSize());
        if (gx.numel() == 0) return gx;
        long rows = (long) g.batch() * g.height() * g.width();
        var conv = launch.kernel(CONV_BACKWARD_INPUT.get(tf32), blocks(checkInt(op, rows), TILE), blocks(g.inChannels(), TILE), 1,
                threads(tf32), 1).ptr(address(op, dgy)).ptr(address(op, dw)).ptr(address(op, gx));
        geometry(conv, g).launch();
        return gx;
    }

    NDArray conv2dBackwardWeight(NDArray x, NDArray gy, ConvGeometry g, boolean tf32) {
        String op = "conv2dBackwardWeight";
        NDArray dx = elementwise.dense(x), dgy = elementwise.dense(gy);
        NDArray gw = CudaArrays.empty(launch.context(), g.weightSize());
        int count = g.weightSize();
        if (count == 0) return gw;
        int cols = g.inChannels() * g.kernelH() * g.kernelW();
        int k = checkInt(op, (long) g.batch() * g.outHeight() * g.outWidth());
        if (k == 0) {
            elementwise.fill(gw, 0f); // no positions: an empty sum
            return gw;
        }
        int splits = splitK(g.outChannels(), cols, k, multiprocessors);
        Kernel kernel = CONV_BACKWARD_WEIGHT.get(tf32);
        int gridX = blocks(g.outChannels(), TILE), gridY = blocks(cols, TILE), threads = threads(tf32);
        if (splits == 1) {
            var conv = launch.kernel(kernel, gridX, gridY, 1, threads, 1).ptr(address(op, dx)).ptr(address(op, dgy))
                    .ptr(address(op, gw)).i32(1);
            geometry(conv, g).launch();
            return gw;
        }
        // each split writes its own slice of a workspace, then one kernel adds the slices in order
        try (CudaStorage work = CudaStorage.allocate(launch.context(), checkInt(op, (long) splits * count))) {
            var conv = launch.kernel(kernel, gridX, gridY, splits, threads, 1).ptr(address(op, dx)).ptr(address(op, dgy))
                    .ptr(work.pointer()).i32(splits);
            geometry(conv, g).launch();
            launch.kernel(SPLIT_K_REDUCE, blocks(count, BLOCK), BLOCK).ptr(address(op, gw)).ptr(work.pointer()).i32(splits).i32(count)
                    .launch();
        } // closing returns the block to the cache; the queued kernels still run first (one stream)
        return gw;
    }

    /**
     * The number of K splits of the weight gradient: enough blocks for about two per SM, but no
     * split shorter than {@link #MIN_SPLIT_K} positions, and at most grid.z's 65535. The weight
     * gradient's output (F x C*KH*KW) is small for typical layers (a 64x64x3x3 layer is 5 blocks)
     * while K = batch * OH * OW is long, so without splitting most SMs would idle.
     *
     * @param f output channels (the GEMM's M)
     * @param cols C * KH * KW (the GEMM's N)
     * @param k batch * OH * OW (the reduction length)
     * @param multiprocessors the GPU's SM count
     */
    static int splitK(int f, int cols, int k, int multiprocessors) {
        long tiles = (long) blocks(f, TILE) * blocks(cols, TILE);
        long forOccupancy = Math.ceilDiv(2L * multiprocessors, tiles);
        long forLength = Math.ceilDiv((long) k, MIN_SPLIT_K);
        return (int) Math.max(1, Math.min(Math.min(forOccupancy, forLength), MAX_GRID_YZ));
    }

    /** The block size the TF32 or FP32 tile kernels are written for (gemm_tiles.cuh). */
    private static int threads(boolean tf32) {
        return tf32 ? TF32_THREADS : F32_THREADS;
    }

    /**
     * Appends the 11 geometry ints that end every conv kernel's parameters, in ConvGeometry's (and
     * conv.cu's CONV_GEO_PARAMS's) order, after the data pointers (and the weight gradient's split count).
     */
    private static CudaLaunch.Pending geometry(CudaLaunch.Pending conv, ConvGeometry g) {
        return conv.i32(g.batch()).i32(g.inChannels()).i32(g.height()).i32(g.width()).i32(g.outChannels()).i32(g.kernelH())
                .i32(g.kernelW()).i32(g.strideH()).i32(g.strideW()).i32(g.padH()).i32(g.padW());
    }

    private static int checkInt(String op, long v) {
        if (v > Integer.MAX_VALUE) throw new IllegalArgumentException(op + ": " + v + " rows exceed the kernels' int range");
        return (int) v;
    }
}
