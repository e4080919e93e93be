package ionas.tensor.cuda;

import static ionas.tensor.cuda.CudaArrays.address;
import static ionas.tensor.cuda.CudaArrays.empty;
import static ionas.tensor.cuda.CudaLaunch.BLOCK;
import static ionas.tensor.cuda.CudaLaunch.blocks;
import static ionas.tensor.cuda.CudaLaunch.strideGrid;

import ionas.kernels.BinaryOp;
import ionas.kernels.UnaryOp;
import ionas.tensor.NDArray;
import ionas.tensor.cuda.driver.Kernel;

/**
 * Unary and binary ops, where, copy and fill on elementwise.cu. Operands that are contiguous
 * (any offset) take the one-thread-per-element kernels; any other view (a transpose, a slice, a
 * broadcast with zero strides) takes the strided kernels with a {@link CudaLayout}. Outputs are
 * fresh contiguous arrays.
 */
final class CudaElementwise {
    private static final String M = "elementwise";
    private static final Kernel UNARY = new Kernel(M, "unary_f32"), UNARY_STRIDED = new Kernel(M, "unary_strided_f32"),
            BINARY = new Kernel(M, "binary_f32"), BINARY_STRIDED = new Kernel(M, "binary_strided_f32"),
            BINARY_SCALAR = new Kernel(M, "binary_scalar_f32"), WHERE_STRIDED = new Kernel(M, "where_strided_f32"),
            COPY_STRIDED = new Kernel(M, "copy_strided_f32"), FILL = new Kernel(M, "fill_f32"),
            FILL_STRIDED = new Kernel(M, "fill_strided_f32");

    private final CudaLaunch launch;

    CudaElementwise(CudaLaunch launch) {
        this.launch = launch;
    }

    NDArray unary(UnaryOp op, NDArray x) {
        long px = address("unary", x);
        NDArray out = empty(launch.context(), x.shape());
        int n = out.numel();
        if (n == 0) return out;
        long po = address("unary", out);
        if (x.isContiguous()) {
            launch.kernel(UNARY, blocks(n, BLOCK), BLOCK).ptr(po).ptr(px).i32(op.ordinal()).i32(n).launch();
        } else {
            byte[] layout = CudaLayout.pack(x.shape(), out.strides(), x.strides());
            launch.kernel(UNARY_STRIDED, strideGrid(n), BLOCK).struct(layout).ptr(po).ptr(px).i32(op.ordinal()).i64(n).launch();
        }
        return out;
    }

    NDArray binary(BinaryOp op, NDArray a, NDArray b) {
        long pa = address("binary", a), pb = address("binary", b);
        NDArray out = empty(launch.context(), a.shape());
        int n = out.numel();
        if (n == 0) return out;
        long po = address("binary", out);
        if (a.isContiguous() && b.isContiguous()) {
            launch.kernel(BINARY, blocks(n, BLOCK), BLOCK).ptr(po).ptr(pa).ptr(pb).i32(op.ordinal()).i32(n).launch();
        } else {
            byte[] layout = CudaLayout.pack(a.shape(), out.strides(), a.strides(), b.strides());
            launch.kernel(BINARY_STRIDED, strideGrid(n), BLOCK).struct(layout).ptr(po).ptr(pa).ptr(pb).i32(op.ordinal()).i64(n)
                    .launch();
        }
        return out;
    }

    /**
     * {@code a op s} ({@code s op a} when {@code scalarFirst}): one launch of binary_scalar_f32 with
     * {@code s} as its argument (a strided {@code a} is made contiguous first). The same bits as
     * {@link #binary} with a filled, broadcast scalar, without the memset, fill and strided launch.
     */
    NDArray binaryScalar(BinaryOp op, NDArray a, float s, boolean scalarFirst) {
        address("binaryScalar", a); // refuses float64 and host arrays first
        NDArray da = dense(a);
        NDArray out = empty(launch.context(), a.shape());
        int n = out.numel();
        if (n == 0) return out;
        launch.kernel(BINARY_SCALAR, blocks(n, BLOCK), BLOCK).ptr(address("binaryScalar", out)).ptr(address("binaryScalar", da))
                .f32(s).i32(op.ordinal()).i32(scalarFirst ? 1 : 0).i32(n).launch();
        return out;
    }

    NDArray where(NDArray cond, NDArray a, NDArray b) {
        long pc = address("where", cond), pa = address("where", a), pb = address("where", b);
        NDArray out = empty(launch.context(), a.shape());
        int n = out.numel();
        if (n == 0) return out;
        // one kernel for every layout: where is rare enough not to need a contiguous fast path
        byte[] layout = CudaLayout.pack(a.shape(), out.strides(), a.strides(), b.strides(), cond.strides());
        launch.kernel(WHERE_STRIDED, strideGrid(n), BLOCK).struct(layout).ptr(address("where", out)).ptr(pc).ptr(pa).ptr(pb).i64(n)
                .launch();
        return out;
    }

    /** Writes {@code src} into the view {@code dst} (same shape). */
    void copyInto(NDArray dst, NDArray src) {
        long pd = address("copyInto", dst), ps = address("copyInto", src);
        int n = dst.numel();
        if (n == 0) return;
        if (dst.isContiguous() && src.isContiguous()) {
            // a plain device-to-device copy on the stream: the copy engines, no kernel
            launch.context().driver().copyDeviceToDevice(pd, ps, (long) n * Float.BYTES);
        } else {
            byte[] layout = CudaLayout.pack(dst.shape(), dst.strides(), src.strides());
            launch.kernel(COPY_STRIDED, strideGrid(n), BLOCK).struct(layout).ptr(pd).ptr(ps).i64(n).launch();
        }
    }

    /** A fresh contiguous copy of {@code x}. */
    NDArray copy(NDArray x) {
        NDArray out = empty(launch.context(), x.shape());
        copyInto(out, x);
        return out;
    }

    /** {@code x} itself when its elements are contiguous (any offset), else a contiguous copy. */
    NDArray dense(NDArray x) {
        return x.isContiguous() ? x : copy(x);
    }

    /** Sets every element of the view {@code out} to {@code value}. */
    void fill(NDArray out, float value) {
        long po = address("fill", out);
        int n = out.numel();
        if (n == 0) return;
        if (out.isContiguous()) {
            launch.kernel(FILL, blocks(n, BLOCK), BLOCK).ptr(po).f32(value).i32(n).launch();
        } else {
            byte[] layout = CudaLayout.pack(out.shape(), out.strides());
            launch.kernel(FILL_STRIDED, strideGrid(n), BLOCK).struct(layout).ptr(po).f32(value).i64(n).launch();
        }
    }
}
