package ionas.tensor.cpu;

import ionas.kernels.cpu.Parallel;
import ionas.tensor.MergedDims;

/**
 * Walks several arrays of one shape, each with its own strides, row by row: the innermost
 * dimension is handed to a kernel as one row with a fixed stride per operand, the outer ones are
 * counted here.
 *
 * <p>First, adjacent dimensions that every operand steps through contiguously are merged
 * ({@link MergedDims}), so a contiguous array (or a contiguous array plus a broadcast scalar)
 * becomes a single long row and the kernel sees one call. Long single rows are cut into chunks so both cores work.
 */
final class StridedLoop {
    private StridedLoop() {}

    /** One row: each operand starts at {@code offsets[i]} and steps by {@code steps[i]}, for {@code n} elements. */
    @FunctionalInterface
    interface Row {
        void run(int[] offsets, int[] steps, int n);
    }

    static void run(int[] shape, int[][] strides, int[] offsets, Row row) {
        int ops = strides.length;
        long total = 1;
        for (int size : shape) total *= size;
        if (total == 0) return;
        MergedDims merged = MergedDims.of(shape, strides);
        int rank = merged.rank();
        int[] sizes = merged.sizes();
        int[][] st = merged.strides();
        if (rank == 0) { // a single element
            row.run(offsets.clone(), new int[ops], 1);
            return;
        }
        int n = sizes[rank - 1];
        int[] steps = new int[ops];
        for (int k = 0; k < ops; k++) steps[k] = st[k][rank - 1];
        int rows = (int) (total / n);
        if (rows == 1) {
            // one long row: split it into chunks
            int chunk = 1 << 14;
            int chunks = (n + chunk - 1) / chunk;
            Parallel.forRange(chunks, n, (from, to) -> {
                int[] o = new int[ops];
                for (int c = from; c < to; c++) {
                    int start = c * chunk, len = Math.min(chunk, n - start);
                    for (int k = 0; k < ops; k++) o[k] = offsets[k] + start * steps[k];
                    row.run(o, steps, len);
                }
            });
            return;
        }
        int outerRank = rank - 1;
        Parallel.forRange(rows, total, (from, to) -> {
            int[] idx = new int[outerRank];
            int[] o = new int[ops];
            // position idx at row 'from'
            int r = from;
            for (int d = outerRank - 1; d >= 0; d--) {
                idx[d] = r % sizes[d];
                r /= sizes[d];
            }
            for (int row0 = from; row0 < to; row0++) {
                for (int k = 0; k < ops; k++) {
                    int off = offsets[k];
                    for (int d = 0; d < outerRank; d++) off += idx[d] * st[k][d];
                    o[k] = off;
                }
                row.run(o, steps, n);
                for (int d = outerRank - 1; d >= 0; d--) { // odometer increment
                    if (++idx[d] < sizes[d]) break;
                    idx[d] = 0;
                }
            }
        });
    }
}
