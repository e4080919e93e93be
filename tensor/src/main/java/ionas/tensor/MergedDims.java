package ionas.tensor;

/**
 * A walk over several arrays of one shape, each with its own strides, with as few dimensions as
 * possible: dimensions of size 1 are dropped (any stride: the coordinate is always 0), and a
 * dimension merges into the one before it when every operand steps through the pair contiguously
 * ({@code stride[d-1] == stride[d] * size[d]}). A contiguous array, or one plus a broadcast
 * scalar, becomes a single dimension. The CPU's strided loop and the CUDA kernels' {@code Layout}
 * both walk views this way.
 *
 * @param rank    the dimensions left (0 for a single element)
 * @param sizes   their sizes, in {@code sizes[0 .. rank)}
 * @param strides per operand, the strides of those dimensions, in {@code strides[k][0 .. rank)}
 */
public record MergedDims(int rank, int[] sizes, int[][] strides) {
    /** Merges {@code shape} walked with {@code strides[k]} by each operand {@code k}. */
    public static MergedDims of(int[] shape, int[][] strides) {
        int ops = strides.length;
        int[] sizes = new int[Math.max(shape.length, 1)];
        int[][] st = new int[ops][sizes.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; merge && k < ops; k++) merge = st[k][rank - 1] == (long) strides[k][d] * shape[d];
            if (merge) {
                sizes[rank - 1] *= shape[d];
                for (int k = 0; k < ops; k++) st[k][rank - 1] = strides[k][d];
            } else {
                sizes[rank] = shape[d];
                for (int k = 0; k < ops; k++) st[k][rank] = strides[k][d];
                rank++;
            }
        }
        return new MergedDims(rank, sizes, st);
    }
}
