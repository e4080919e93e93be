package ionas.kernels.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * One operand of {@link PackedGemm}, seen as a {@code rows x depth} matrix X that can copy a slab
 * of itself into the packed layout the micro-kernel reads.
 *
 * <p>The packed GEMM computes {@code C = X_A * X_B^T}: X_A is op(A) (m x k) and X_B is op(B)
 * transposed (n x k), so both operands are packed the same way, a panel of {@code width} rows at a
 * time, stored depth-major: {@code dst[dstOff + p*width + r] = X(row0 + r, depth0 + p)}. Rows past
 * the end of X are written as zeros, so the micro-kernel never needs an edge case.
 *
 * <p>Besides plain arrays ({@link Dense}) a source can compute X on the fly, which is how the
 * convolutions feed image patches to the GEMM without building the im2col matrix first.
 */
interface GemmSource {
    /** Packs X[row0 .. row0+rows) x [depth0 .. depth0+depth) into one panel of {@code width} rows. */
    void pack(int row0, int rows, int depth0, int depth, int width, float[] dst, int dstOff);

    /** A row-major array slab: X(r,p) = data[off + r*ld + p], or data[off + p*ld + r] when stored transposed. */
    record Dense(float[] data, int off, int ld, boolean transposed) implements GemmSource {
        private static final VectorSpecies<Float> F = VectorSupport.FLOAT;

        @Override
        public void pack(int row0, int rows, int depth0, int depth, int width, float[] dst, int dstOff) {
            if (transposed) packContiguousRows(row0, rows, depth0, depth, width, dst, dstOff);
            else packTransposing(row0, rows, depth0, depth, width, dst, dstOff);
        }

        /** X stored transposed: for each depth index the panel's rows are contiguous in memory. */
        private void packContiguousRows(int row0, int rows, int depth0, int depth, int width, float[] dst, int dstOff) {
            int src = off + depth0 * ld + row0;
            if (!VectorSupport.ENABLED) {
                for (int p = 0; p < depth; p++, src += ld, dstOff += width) {
                    System.arraycopy(data, src, dst, dstOff, rows);
                    Arrays.fill(dst, dstOff + rows, dstOff + width, 0f);
                }
                return;
            }
            if (rows == width && width % F.length() == 0) {
                for (int p = 0; p < depth; p++, src += ld, dstOff += width)
                    for (int r = 0; r < width; r += F.length())
                        FloatVector.fromArray(F, data, src + r).intoArray(dst, dstOff + r);
                return;
            }
            // Edge panels, and panels narrower than a vector: masked loads read the missing rows as
            // zeros, masked stores stop at the panel's width.
            for (int r = 0; r < width; r += F.length()) {
                VectorMask<Float> load = F.indexInRange(r, rows), store = F.indexInRange(r, width);
                for (int p = 0, s = src + r, d = dstOff + r; p < depth; p++, s += ld, d += width)
                    FloatVector.fromArray(F, data, s, load).intoArray(dst, d, store);
            }
        }

        /** X stored row-major: a small transpose, one row of X becomes one column of the panel. */
        private void packTransposing(int row0, int rows, int depth0, int depth, int width, float[] dst, int dstOff) {
            // Row by row: reads are contiguous and the strided stores stay within one panel. Measured
            // faster than walking the panel in order (which reads `width` streams at once), than
            // transposing in short strips, and than vector gathers.
            for (int r = 0; r < rows; r++) {
                int src = off + (row0 + r) * ld + depth0;
                for (int p = 0; p < depth; p++) dst[dstOff + p * width + r] = data[src + p];
            }
            for (int p = 0; p < depth; p++)
                for (int r = rows; r < width; r++) dst[dstOff + p * width + r] = 0;
        }
    }
}
