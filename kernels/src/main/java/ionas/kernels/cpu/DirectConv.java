package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 conv2d forward without im2col: each image is copied once into a zero-padded buffer P
 * (C x Hp x Wp), and then every output position q = oh * Wp + ow reads its input for tap
 * (c, kh, kw) at {@code P[c * Hp * Wp + kh * Wp + kw + q]}. Sixteen consecutive positions read
 * sixteen consecutive floats of P, so the im2col matrix's row for a tap is P itself, shifted: the
 * GEMM {@code Y' (F x Q) = W (F x CKK) col (CKK x Q)} can read col in place instead of packing it.
 * Packing is a large share of the forward's time when F is 64 (each packed element serves only 64
 * multiply-adds); this path spends that time on FMAs (measured: see {@code Conv2dKernels.direct}).
 *
 * <p>The price: Y' has Wp columns per output row, and its Wp - OW padding columns are computed
 * and thrown away ({@link #efficiency}). {@link Conv2dKernels} takes this path where that waste is
 * small, as on 32 x 32 images (34 of every 32 columns) and not on 8 x 8 ones.
 *
 * <p>The register tile is {@link GemmMicroKernel}'s, 6 filters x 4 vectors of positions, for the
 * same reasons; it differs in where a tap's B row lies (at P's offset for that tap, from a table,
 * rather than the next row of a packed panel). One micro-kernel for both, reading every B row
 * through a table, was tried: the 1024^3 GEMM lost 17% and the 2048^3 8% to the extra lookup
 * (Zen 5 EPYC, JMH, two runs each way), so the tile is written out twice.
 *
 * <p>Each 6-filter tile sweeps all positions while its weights (6 x CKK floats) stay in L1 and P
 * streams from L2; the other order, all filter tiles per block of positions, ran about 5% slower
 * (P's rows for a block and the weights overflowed L1).
 */
final class DirectConv {
    private DirectConv() {}

    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /** Filters per tile. */
    static final int MR = 6;
    /** Positions per tile: four vectors. */
    static final int NR = 4 * L;

    /** Whether this path computes g's forward pass: stride 1 with the Vector API on. */
    static boolean applies(ConvGeometry g) {
        return VectorSupport.ENABLED && g.strideH() == 1 && g.strideW() == 1 && g.padH() < g.kernelH() && g.padW() < g.kernelW();
    }

    /** The fraction of computed positions that are outputs (the rest are padding columns and the last block's tail). */
    static double efficiency(ConvGeometry g) {
        int positions = g.outHeight() * (g.width() + 2 * g.padW());
        return (double) g.outHeight() * g.outWidth() / (PackedGemm.ceilDiv(positions, NR) * NR);
    }

    /** Where things lie for one geometry: P's shape, the positions computed and each tap's offset in P. */
    static final class Layout {
        final int paddedWidth, plane, positions, paddedPositions, depth, bufferSize;
        final int[] tapOffsets;

        Layout(ConvGeometry g) {
            int kh = g.kernelH(), kw = g.kernelW(), c = g.inChannels();
            paddedWidth = g.width() + 2 * g.padW();
            plane = (g.height() + 2 * g.padH()) * paddedWidth;
            positions = g.outHeight() * paddedWidth;
            paddedPositions = PackedGemm.ceilDiv(positions, NR) * NR;
            depth = c * kh * kw;
            // the last block reads up to NR - 1 positions past the last one, shifted by the largest tap offset
            bufferSize = c * plane + (paddedPositions - positions) + kw;
            tapOffsets = new int[depth];
            for (int ci = 0, k = 0; ci < c; ci++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++) tapOffsets[k++] = ci * plane + i * paddedWidth + j;
        }
    }

    /**
     * y = conv2d(x, w) for the tasks {@code [from, to)}: task {@code n * parts + i} computes part
     * i of image n's positions (whole blocks of {@link #NR}). Every output is the same sum in the
     * same order however the work is split, so the result does not depend on {@code parts} or on
     * the thread count. {@code w} must have a multiple of {@link #MR} filters' rows (see
     * {@link #paddedWeights}).
     */
    static void forward(ConvGeometry g, float[] x, float[] wPadded, float[] y, int parts, int from, int to) {
        Layout l = new Layout(g);
        int f = g.outChannels(), fPadded = PackedGemm.ceilDiv(f, MR) * MR, blocks = l.paddedPositions / NR;
        float[] p = Scratch.floats(Scratch.DIRECT_INPUT, l.bufferSize);
        float[] out = Scratch.floats(Scratch.DIRECT_OUTPUT, fPadded * l.paddedPositions);
        Arrays.fill(p, 0, l.bufferSize, 0f);
        int copied = -1;
        for (int task = from; task < to; task++) {
            int n = task / parts, part = task % parts;
            if (n != copied) {
                copyPadded(g, l, x, n, 0, g.inChannels(), p);
                copied = n;
            }
            int q0 = blocks * part / parts * NR, q1 = blocks * (part + 1) / parts * NR;
            for (int f0 = 0; f0 < fPadded; f0 += MR)
                for (int q = q0; q < q1; q += NR)
                    tile(l.depth, wPadded, f0 * l.depth, p, q, l.tapOffsets, out, f0 * l.paddedPositions + q, l.paddedPositions);
            copyOut(g, l, out, q0, Math.min(q1, l.positions), y, n);
        }
    }

    /**
     * Channels {@code [c0, c1)} of image n into P's interior, channel c0 first; P's border is zero
     * from the caller's fill and never written.
     */
    static void copyPadded(ConvGeometry g, Layout l, float[] x, int n, int c0, int c1, float[] p) {
        int c = g.inChannels(), h = g.height(), w = g.width();
        for (int ci = c0; ci < c1; ci++)
            for (int r = 0; r < h; r++)
                System.arraycopy(x, ((n * c + ci) * h + r) * w, p, (ci - c0) * l.plane + (r + g.padH()) * l.paddedWidth + g.padW(), w);
    }

    /** The outputs among positions {@code [q0, q1)} of Y' into image n of y, row piece by row piece. */
    private static void copyOut(ConvGeometry g, Layout l, float[] out, int q0, int q1, float[] y, int n) {
        int f = g.outChannels(), oh = g.outHeight(), ow = g.outWidth(), wp = l.paddedWidth;
        for (int r = q0 / wp; r < oh && r * wp < q1; r++) {
            int start = Math.max(q0, r * wp), end = Math.min(q1, r * wp + ow);
            if (start >= end) continue;
            for (int fi = 0; fi < f; fi++)
                System.arraycopy(out, fi * l.paddedPositions + start, y, ((n * f + fi) * oh + r) * ow + (start - r * wp), end - start);
        }
    }

    /**
     * w (F x CKK) with zero rows appended up to a multiple of {@link #MR}, in this thread's scratch
     * buffer; w itself when none are needed. Padding, rather than a last tile that repeats a row,
     * keeps the tile's row offsets multiples of the depth: with offsets chosen per tile, the
     * 16-filter forward ran at 305 GFLOP/s instead of 360 (Zen 5).
     */
    static float[] paddedWeights(ConvGeometry g, float[] w) {
        int f = g.outChannels(), depth = g.inChannels() * g.kernelH() * g.kernelW();
        if (f % MR == 0) return w;
        int size = PackedGemm.ceilDiv(f, MR) * MR * depth;
        float[] padded = Scratch.floats(Scratch.DIRECT_WEIGHTS, size);
        System.arraycopy(w, 0, padded, 0, f * depth);
        Arrays.fill(padded, f * depth, size, 0f);
        return padded;
    }

    /**
     * out[outOff + r * ldo + j] = sum over taps t of a[aOff + r * depth + t] * b[bOff + offsets[t] + j]
     * for r < {@link #MR} and j < {@link #NR}.
     */
    private static void tile(int depth, float[] a, int aOff, float[] b, int bOff, int[] offsets, float[] out, int outOff, int ldo) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F), c03 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F), c13 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F), c23 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F), c33 = FloatVector.zero(F);
        FloatVector c40 = FloatVector.zero(F), c41 = FloatVector.zero(F), c42 = FloatVector.zero(F), c43 = FloatVector.zero(F);
        FloatVector c50 = FloatVector.zero(F), c51 = FloatVector.zero(F), c52 = FloatVector.zero(F), c53 = FloatVector.zero(F);
        int a1 = depth, a2 = 2 * depth, a3 = 3 * depth, a4 = 4 * depth, a5 = 5 * depth;
        for (int t = 0; t < depth; t++, aOff++) {
            int o = bOff + offsets[t];
            FloatVector b0 = FloatVector.fromArray(F, b, o);
            FloatVector b1 = FloatVector.fromArray(F, b, o + L);
            FloatVector b2 = FloatVector.fromArray(F, b, o + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, o + 3 * L);
            FloatVector x0 = FloatVector.broadcast(F, a[aOff]);
            c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
            FloatVector x1 = FloatVector.broadcast(F, a[aOff + a1]);
            c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
            FloatVector x2 = FloatVector.broadcast(F, a[aOff + a2]);
            c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
            FloatVector x3 = FloatVector.broadcast(F, a[aOff + a3]);
            c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
            FloatVector x4 = FloatVector.broadcast(F, a[aOff + a4]);
            c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
            FloatVector x5 = FloatVector.broadcast(F, a[aOff + a5]);
            c50 = x5.fma(b0, c50); c51 = x5.fma(b1, c51); c52 = x5.fma(b2, c52); c53 = x5.fma(b3, c53);
        }
        int r0 = outOff, r1 = r0 + ldo, r2 = r1 + ldo, r3 = r2 + ldo, r4 = r3 + ldo, r5 = r4 + ldo;
        c00.intoArray(out, r0); c01.intoArray(out, r0 + L); c02.intoArray(out, r0 + 2 * L); c03.intoArray(out, r0 + 3 * L);
        c10.intoArray(out, r1); c11.intoArray(out, r1 + L); c12.intoArray(out, r1 + 2 * L); c13.intoArray(out, r1 + 3 * L);
        c20.intoArray(out, r2); c21.intoArray(out, r2 + L); c22.intoArray(out, r2 + 2 * L); c23.intoArray(out, r2 + 3 * L);
        c30.intoArray(out, r3); c31.intoArray(out, r3 + L); c32.intoArray(out, r3 + 2 * L); c33.intoArray(out, r3 + 3 * L);
        c40.intoArray(out, r4); c41.intoArray(out, r4 + L); c42.intoArray(out, r4 + 2 * L); c43.intoArray(out, r4 + 3 * L);
        c50.intoArray(out, r5); c51.intoArray(out, r5 + L); c52.intoArray(out, r5 + 2 * L); c53.intoArray(out, r5 + 3 * L);
    }
}
