package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The im2col view of one convolution: for one image, the matrix col with a row per (c, kh, kw)
 * and a column per output pixel j = oh*OW + ow, col[(c,kh,kw)][j] = x[c, oh*sh-ph+kh, ow*sw-pw+kw]
 * (zero in the padding). Then y = W col, where W is the weight seen as (F, C*KH*KW).
 *
 * <p>Row (c,kh,kw) of col only depends on the tap (kh,kw): it reads plane c of x at a fixed
 * offset per pixel. The tables built here hold, per tap, that offset and whether the pixel reads
 * padding, so copying a stretch of a row becomes a gather (or, for stride-1 convolutions that keep
 * the width, a plain shifted load) under a mask; nothing is recomputed per element.
 */
final class Im2col {
    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    final ConvGeometry g;
    /** Output pixels per image (OH*OW): the number of columns of col. */
    final int pixels;
    /** Kernel taps (KH*KW); col has inChannels*taps rows. */
    final int taps;
    /** Input pixels per channel plane (H*W). */
    final int plane;
    /**
     * True when a row of col is its x plane shifted by a constant (stride 1 and OW == W, as in
     * "same" convolutions): then stretches are plain masked loads rather than gathers.
     */
    final boolean shifted;
    /** True for 1x1 kernels with stride 1 and no padding: col is the image itself (C x HW). */
    final boolean identity;
    /** Per tap, the offset inside the x plane that each pixel reads (padded to whole vectors). */
    private final int[][] source;
    /** Per tap and pixel, false where the pixel reads padding (and past the last pixel). */
    private final boolean[][] valid;
    /** Per tap, the constant shift of a shifted row: (kh-ph)*W + (kw-pw). */
    private final int[] shift;

    Im2col(ConvGeometry g) {
        this.g = g;
        int oh = g.outHeight(), ow = g.outWidth();
        pixels = oh * ow;
        taps = g.kernelH() * g.kernelW();
        plane = g.height() * g.width();
        shifted = g.strideH() == 1 && g.strideW() == 1 && ow == g.width();
        identity = taps == 1 && shifted && g.padH() == 0 && g.padW() == 0;
        int padded = PackedGemm.roundUp(pixels, L) + L;
        source = new int[taps][padded];
        valid = new boolean[taps][padded];
        shift = new int[taps];
        for (int kh = 0; kh < g.kernelH(); kh++) {
            for (int kw = 0; kw < g.kernelW(); kw++) {
                int t = kh * g.kernelW() + kw;
                shift[t] = (kh - g.padH()) * g.width() + kw - g.padW();
                for (int r = 0; r < oh; r++) {
                    int ih = r * g.strideH() - g.padH() + kh;
                    for (int s = 0; s < ow; s++) {
                        int iw = s * g.strideW() - g.padW() + kw;
                        boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
                        valid[t][r * ow + s] = inside;
                        source[t][r * ow + s] = inside ? ih * g.width() + iw : 0;
                    }
                }
            }
        }
    }

    /** Rows of col: inChannels * taps. */
    int rows() {
        return g.inChannels() * taps;
    }

    /**
     * Copies col[row][j0 .. j0+count) of the image whose channel 0 starts at x[xOff] into
     * dst[dstOff ..], then writes zeros up to dst[dstOff + width) (width >= count).
     */
    void copyRow(float[] x, int xOff, int row, int j0, int count, float[] dst, int dstOff, int width) {
        int c = row / taps, t = row - c * taps;
        int base = xOff + c * plane;
        int[] src = source[t];
        boolean[] ok = valid[t];
        if (!VectorSupport.ENABLED) {
            for (int i = 0; i < count; i++) dst[dstOff + i] = ok[j0 + i] ? x[base + src[j0 + i]] : 0;
            for (int i = count; i < width; i++) dst[dstOff + i] = 0;
            return;
        }
        int i = 0;
        for (; i < count; i += L) {
            // Lanes from `count` on belong to the next stretch: cut them off so they read as zero.
            VectorMask<Float> m = VectorMask.fromArray(F, ok, j0 + i);
            if (i + L > count) m = m.and(F.indexInRange(i, count));
            FloatVector v = shifted
                    ? FloatVector.fromArray(F, x, base + shift[t] + j0 + i, m)
                    : FloatVector.fromArray(F, x, base, src, j0 + i, m);
            if (i + L <= width) v.intoArray(dst, dstOff + i);
            else v.intoArray(dst, dstOff + i, F.indexInRange(i, width));
        }
        for (; i < width; i++) dst[dstOff + i] = 0;
    }

    /** Fills col (rows() x pixels, row-major) for the image whose channel 0 starts at x[xOff]. */
    void fill(float[] x, int xOff, float[] col) {
        for (int r = 0; r < rows(); r++) copyRow(x, xOff, r, 0, pixels, col, r * pixels, pixels);
    }

    /** The transpose of {@link #fill}: gx[xOff ..] += what col says each input pixel contributed. */
    void accumulate(float[] col, float[] gx, int xOff) {
        for (int r = 0; r < rows(); r++) {
            int c = r / taps, t = r - c * taps;
            int base = xOff + c * plane;
            int[] src = source[t];
            boolean[] ok = valid[t];
            for (int j = 0, cj = r * pixels; j < pixels; j++, cj++)
                if (ok[j]) gx[base + src[j]] += col[cj];
        }
    }

    /**
     * col of one image as a {@link GemmSource} operand X_B = col^T (pixels x rows): packing a
     * panel of pixels is copying each row's stretch, so col itself is never stored.
     */
    GemmSource transposedSource(float[] x, int xOff) {
        return (row0, rows, depth0, depth, width, dst, dstOff) -> {
            if (shifted && VectorSupport.ENABLED && rows == width && width % L == 0) {
                packShifted(x, xOff, row0, depth0, depth, width, dst, dstOff);
                return;
            }
            for (int p = 0; p < depth; p++)
                copyRow(x, xOff, depth0 + p, row0, rows, dst, dstOff + p * width, width);
        };
    }

    /**
     * {@link #copyRow} for a whole panel of a shifted col (full width, whole vectors): the same
     * masked shifted loads without the per-row bookkeeping, which at 64 pixels a row cost as much
     * as the copy itself.
     */
    private void packShifted(float[] x, int xOff, int row0, int depth0, int depth, int width, float[] dst, int dstOff) {
        int c = depth0 / taps, t = depth0 - c * taps;
        int base = xOff + c * plane;
        for (int p = 0; p < depth; p++, dstOff += width) {
            boolean[] ok = valid[t];
            int src = base + shift[t] + row0;
            for (int i = 0; i < width; i += L)
                FloatVector.fromArray(F, x, src + i, VectorMask.fromArray(F, ok, row0 + i)).intoArray(dst, dstOff + i);
            if (++t == taps) {
                t = 0;
                base += plane;
            }
        }
    }
}
