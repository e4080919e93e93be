package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import java.util.Arrays;

/**
 * The weight gradient of a stride-1 conv2d, reading the im2col matrix in place from the
 * zero-padded image P as {@link DirectConv} does. Transposed, it is a GEMM whose A is P:
 * <pre>
 *   gw^T[(c, tap)][f] = sum over n, q of P_n[c * plane + tapOffset + q] * gy_n'[f][q]
 * </pre>
 * where q runs over P's positions and gy_n' is gy_n laid out on them (zero in the padding
 * columns). Six channels at one tap are six rows of A a plane apart, so {@link GemmMicroKernel}
 * reads them in place ({@code aRow = plane, aStep = 1}). gy_n' is the one operand packed, a few
 * output rows by {@link GemmMicroKernel#NR} filters at a time, and each packed block serves all
 * C x KH x KW rows of A: one packed element per 576 multiply-adds with 64 channels and a 3 x 3
 * kernel, where the im2col weight gradient ({@link DotTile}) builds one col element per 64.
 *
 * <p>Measured on a Zen 5 EPYC (2 threads, batch 32, 64 -> 64 channels, 32 x 32, 3 x 3): about
 * 370 GFLOP/s against the im2col path's 310 and the direct forward's 420. What is left to the
 * forward is reading x and gy from memory: with the packing and the copy into P skipped (wrong
 * results, as a measurement) it ran at 430.
 *
 * <p>Work splits over a fixed number of slices of the batch, each summed into its own partial
 * gw^T, and the partials are added in slice order at the end. With fewer slices than threads each
 * slice's tiles are split further, which changes no sum. So the result does not depend on the
 * thread count.
 */
final class DirectWeightGradient {
    private DirectWeightGradient() {}

    private static final int MR = GemmMicroKernel.MR, NR = GemmMicroKernel.NR;

    /**
     * Slices of the batch summed separately: a constant, so that the sums, and so the bits, do not
     * depend on the thread count. Eight keeps two to eight threads busy on whole slices, and the
     * final sum small (eight partials of about 150 KB for 64 channels and a 3 x 3 kernel; with one
     * partial per image, 32, the sum took 4% of the pass).
     */
    static final int SLICES = 8;

    /**
     * Positions per packed block of gy': whole output rows, as many as about fill the L1 data
     * cache ({@code positions x NR} floats). Smaller blocks cost more in the tiles' loads and
     * stores of their accumulators: on a Zen 5 EPYC (48 KiB L1d, one thread) 34 positions ran at
     * 172 GFLOP/s, 68 at 188, and 136 to 1,088 at 200-208.
     */
    private static final int BLOCK_POSITIONS = (int) Math.max(16, CacheSizes.DETECTED.l1Data() / (NR * Float.BYTES));

    /**
     * The fraction of the multiply-adds that count: the positions include P's padding columns
     * (where gy' is zero), and the filters fill whole panels of {@link GemmMicroKernel#NR}.
     */
    static double efficiency(ConvGeometry g) {
        int f = g.outChannels();
        double filters = (double) f / (PackedGemm.ceilDiv(f, NR) * NR);
        return filters * g.outWidth() / (g.width() + 2 * g.padW());
    }

    /** The number of slices for g's batch. */
    static int slices(ConvGeometry g) {
        return Math.min(g.batch(), SLICES);
    }

    /**
     * gw = dL/dw for a stride-1 geometry ({@link DirectConv#applies}), each slice's tiles split
     * into {@code parts} tasks; the result is the same for every {@code parts}. A non-finite x
     * read at a padding column meets a zero of gy' there and gives NaN where the im2col path gives
     * an infinity: both say the input was bad.
     */
    static void compute(ConvGeometry g, float[] x, float[] gy, float[] gw, int parts) {
        DirectConv.Layout l = new DirectConv.Layout(g);
        int batch = g.batch(), c = g.inChannels(), f = g.outChannels(), taps = g.kernelH() * g.kernelW();
        int fPanels = PackedGemm.ceilDiv(f, NR), cBlocks = PackedGemm.ceilDiv(c, MR), tiles = cBlocks * taps;
        int tileFloats = fPanels * MR * NR, partialSize = tiles * tileFloats, slices = slices(g);
        int rowsPerBlock = Math.max(1, BLOCK_POSITIONS / l.paddedWidth);
        // P holds whole six-channel blocks, so that every tile reads six planes
        int pSize = cBlocks * MR * l.plane + (l.bufferSize - c * l.plane);
        // the calling thread's buffer, shared by the call's threads: one partial gw^T per slice
        float[] partials = Scratch.floats(Scratch.DIRECT_GRADIENT, slices * partialSize);
        Parallel.forRange(slices * parts, Long.MAX_VALUE, (from, to) -> {
            float[] panel = Scratch.floats(Scratch.DIRECT_PANEL, rowsPerBlock * l.paddedWidth * NR);
            float[] p = Scratch.floats(Scratch.DIRECT_INPUT, pSize);
            // P's border stays zero: copies write only channels' interiors. Planes past a task's
            // last channel may keep an earlier task's data; their rows of gw^T are never written out.
            Arrays.fill(p, 0, pSize, 0f);
            for (int task = from; task < to; task++) {
                int slice = task / parts, part = task % parts;
                int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
                if (t0 == t1) continue;
                int c0 = t0 / taps * MR, c1 = Math.min(c, ((t1 - 1) / taps + 1) * MR), partial = slice * partialSize;
                Arrays.fill(partials, partial + t0 * tileFloats, partial + t1 * tileFloats, 0f);
                for (int n = batch * slice / slices; n < batch * (slice + 1) / slices; n++) {
                    DirectConv.copyPadded(g, l, x, n, c0, c1, p);
                    for (int r0 = 0; r0 < g.outHeight(); r0 += rowsPerBlock) {
                        int r1 = Math.min(g.outHeight(), r0 + rowsPerBlock);
                        int q0 = r0 * l.paddedWidth, kc = (r1 - r0) * l.paddedWidth;
                        for (int fp = 0; fp < fPanels; fp++) {
                            packGradient(g, l, gy, n, fp * NR, r0, r1, panel);
                            for (int t = t0; t < t1; t++) {
                                int aOff = (t / taps * MR - c0) * l.plane + l.tapOffsets[t % taps] + q0;
                                GemmMicroKernel.multiply(kc, p, aOff, l.plane, 1, panel, 0,
                                        partials, partial + t * tileFloats + fp * MR * NR, NR, true);
                            }
                        }
                    }
                }
            }
        });
        // the partials into the first, in slice order, tile by tile
        Parallel.forRange(tiles, (long) slices * partialSize, (from, to) -> {
            for (int slice = 1; slice < slices; slice++)
                for (int i = from * tileFloats, src = slice * partialSize + i, end = to * tileFloats; i < end; i++, src++)
                    partials[i] += partials[src];
        });
        for (int t = 0; t < tiles; t++) {
            int tap = t % taps;
            for (int i = 0; i < MR && t / taps * MR + i < c; i++) {
                int ci = t / taps * MR + i;
                for (int j = 0; j < f; j++) gw[(j * c + ci) * taps + tap] = partials[t * tileFloats + j / NR * MR * NR + i * NR + j % NR];
            }
        }
    }

    /**
     * panel[q * NR + j] = gy_n'[f0 + j][r0 * Wp + q] for output rows {@code [r0, r1)}: gy's rows
     * with zeros at P's padding columns and past the last filter. Sixteen positions of one filter
     * at a time, so that the panel's lines are written while in L1; a 16 x 16 in-register
     * transpose with vector shuffles was measured no faster (the pass waits on gy's reads).
     */
    private static void packGradient(ConvGeometry g, DirectConv.Layout l, float[] gy, int n, int f0, int r0, int r1, float[] panel) {
        int f = g.outChannels(), oh = g.outHeight(), ow = g.outWidth(), wp = l.paddedWidth;
        int filters = Math.min(NR, f - f0);
        for (int r = r0; r < r1; r++) {
            int row = (r - r0) * wp * NR;
            for (int c0 = 0; c0 < ow; c0 += 16) {
                int cols = Math.min(16, ow - c0);
                for (int j = 0; j < filters; j++) {
                    int src = ((n * f + f0 + j) * oh + r) * ow + c0, dst = row + c0 * NR + j;
                    for (int k = 0; k < cols; k++) panel[dst + k * NR] = gy[src + k];
                }
                if (filters < NR)
                    for (int k = 0; k < cols; k++) Arrays.fill(panel, row + (c0 + k) * NR + filters, row + (c0 + k + 1) * NR, 0f);
            }
            Arrays.fill(panel, row + ow * NR, row + wp * NR, 0f);
        }
    }
}
