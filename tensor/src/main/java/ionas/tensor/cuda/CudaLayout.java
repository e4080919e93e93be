package ionas.tensor.cuda;

import ionas.tensor.MergedDims;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * elementwise.cu's {@code struct Layout}, passed by value to the strided kernels: the output's
 * shape and, per operand, the element stride of every dimension. The bytes follow the struct's
 * layout as {@code elementwise.cu} static_asserts it: {@code int ndim} at 0, {@code int shape[8]}
 * at 4, 4 bytes of padding, then {@code long long out[8]} at 40, {@code a[8]} at 104,
 * {@code b[8]} at 168, {@code c[8]} at 232; 296 bytes, little-endian (every CUDA host is).
 *
 * <p>Before packing, dimensions of size 1 are dropped and neighbouring dimensions that every
 * operand walks contiguously are merged ({@link MergedDims}, as on the CPU): fewer
 * dimensions mean fewer divisions per element in the kernel, a contiguous operand plus a
 * broadcast scalar becomes one dimension, and views of more than 8 dimensions still fit as long
 * as they merge down to 8. The view's offset is not part of the layout: it is added to the data
 * pointer.
 */
final class CudaLayout {
    static final int MAX_DIMS = 8;
    static final int BYTES = 296;
    static final int SHAPE_AT = 4;
    static final int STRIDES_AT = 40;
    static final int OPERAND_BYTES = 8 * MAX_DIMS;

    private CudaLayout() {}

    /**
     * The struct bytes for {@code shape} with the strides of up to four operands, in the order
     * {@code out, a, b, c} (where's condition is {@code c}); missing operands get zero strides.
     *
     * @throws IllegalArgumentException when the view needs more than 8 dimensions after merging
     */
    static byte[] pack(int[] shape, int[]... strides) {
        if (strides.length < 1 || strides.length > 4)
            throw new IllegalArgumentException("a Layout has 1 to 4 operands, not " + strides.length);
        int ops = strides.length;
        MergedDims merged = MergedDims.of(shape, strides);
        int rank = merged.rank();
        if (rank > MAX_DIMS)
            throw new IllegalArgumentException("the CUDA strided kernels take at most " + MAX_DIMS
                    + " dimensions, and this view has " + rank + " that do not merge; make it contiguous first");
        ByteBuffer bb = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(0, rank);
        for (int d = 0; d < rank; d++) bb.putInt(SHAPE_AT + 4 * d, merged.sizes()[d]);
        for (int k = 0; k < ops; k++)
            for (int d = 0; d < rank; d++) bb.putLong(STRIDES_AT + OPERAND_BYTES * k + 8 * d, merged.strides()[k][d]);
        return bb.array();
    }
}
