package ionas.kernels.cpu;

import ionas.kernels.geometry.ConvGeometry;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Fast float conv2d (NCHW, zero padding, stride; no bias, dilation or groups), forward and both
 * backward passes, with the semantics of {@link Reference#conv2dForward} and friends. Arrays start
 * at index 0.
 *
 * <p>Every pass is a GEMM per image over the im2col matrix ({@link Im2col}):
 * <ul>
 *   <li>forward: y_n (F x OHOW) = W (F x CKK) col_n (CKK x OHOW), with col_n packed straight from x;
 *       for stride 1 on images wide enough, {@link DirectConv} reads col_n in place instead;
 *   <li>backwardInput: for stride 1, itself a forward convolution of gy with the weights flipped
 *       and transposed; otherwise col = W^T gy_n, then col2im;
 *   <li>backwardWeight: gw = sum over n of gy_n col_n^T; for stride 1 with 64 or 128 filters on
 *       wide images, {@link DirectWeightGradient} reads col_n in place; otherwise one GEMM over
 *       the whole batch (depth N*OH*OW) as 4 x 4 tiles of dot products ({@link DotTile#accumulate})
 *       whose vector accumulators run across all images: no transposing packs, one horizontal sum
 *       per tile per call, and threads own whole columns of gw, so the sum order is fixed.
 * </ul>
 * For forward and backwardInput, with at least as many images as threads, each thread takes whole
 * images (one parallel region per call, and each image's data stays in its core's cache);
 * otherwise the GEMMs go parallel.
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        check("x", x, g.inputSize());
        check("w", w, g.weightSize());
        check("y", y, g.outputSize());
        if (direct(g)) {
            float[] padded = DirectConv.paddedWeights(g, w);
            int parts = partsPer(g.batch()); // each image's positions
            Parallel.forRange(g.batch() * parts, Long.MAX_VALUE, (from, to) -> DirectConv.forward(g, x, padded, y, parts, from, to));
            return;
        }
        Im2col im2col = new Im2col(g);
        int f = g.outChannels(), pixels = im2col.pixels, depth = im2col.rows();
        int xImage = g.inChannels() * im2col.plane, yImage = f * pixels;
        GemmSource weights = new GemmSource.Dense(w, 0, depth, false);
        boolean parallelImages = imageParallel(g.batch(), (long) g.batch() * yImage * depth);
        overImages(g.batch(), parallelImages, n -> {
            // A 1x1 convolution needs no im2col: the image itself is the (C x HW) col matrix.
            GemmSource col = im2col.identity
                    ? new GemmSource.Dense(x, n * xImage, pixels, true)
                    : im2col.transposedSource(x, n * xImage);
            PackedGemm.multiply(f, pixels, depth, weights, col, false, y, n * yImage, pixels, !parallelImages);
        });
    }

    public static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        check("gy", gy, g.outputSize());
        check("w", w, g.weightSize());
        check("gx", gx, g.inputSize());
        int kh = g.kernelH(), kw = g.kernelW();
        if (g.strideH() == 1 && g.strideW() == 1 && g.padH() < kh && g.padW() < kw) {
            // With stride 1, gx is gy convolved with the flipped kernel, channels swapped, under
            // padding K-1-pad: the fast forward path, and no scatter-add.
            ConvGeometry t = new ConvGeometry(g.batch(), g.outChannels(), g.outHeight(), g.outWidth(),
                    g.inChannels(), kh, kw, 1, 1, kh - 1 - g.padH(), kw - 1 - g.padW());
            forward(t, gy, flipTransposed(g, w), gx);
            return;
        }
        Im2col im2col = new Im2col(g);
        int f = g.outChannels(), pixels = im2col.pixels, rows = im2col.rows();
        int xImage = g.inChannels() * im2col.plane, yImage = f * pixels;
        GemmSource weightsT = new GemmSource.Dense(w, 0, rows, true);
        boolean parallelImages = imageParallel(g.batch(), (long) g.batch() * yImage * rows);
        overImages(g.batch(), parallelImages, n -> {
            float[] col = scratch(rows * pixels);
            PackedGemm.multiply(rows, pixels, f, weightsT, new GemmSource.Dense(gy, n * yImage, pixels, true),
                    false, col, 0, pixels, !parallelImages);
            Arrays.fill(gx, n * xImage, (n + 1) * xImage, 0f);
            im2col.accumulate(col, gx, n * xImage);
        });
    }

    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        check("x", x, g.inputSize());
        check("gy", gy, g.outputSize());
        check("gw", gw, g.weightSize());
        Im2col im2col = new Im2col(g);
        int f = g.outChannels(), pixels = im2col.pixels, rows = im2col.rows();
        int xImage = g.inChannels() * im2col.plane, yImage = f * pixels;
        if (g.batch() == 0) {
            Arrays.fill(gw, 0, g.weightSize(), 0f);
            return;
        }
        if (directWeight(g)) {
            int parts = partsPer(DirectWeightGradient.slices(g)); // each slice's tiles
            DirectWeightGradient.compute(g, x, gy, gw, parts);
            return;
        }
        int batch = g.batch(), blocks = PackedGemm.ceilDiv(rows, DotTile.SIZE), fTiles = PackedGemm.ceilDiv(f, DotTile.SIZE);
        // Images per chunk: the chunk's four col rows (built once, then read by every tile of gy
        // rows) take about WEIGHT_CHUNK_FLOATS.
        int chunk = Math.max(1, Math.min(batch, WEIGHT_CHUNK_FLOATS / (DotTile.SIZE * pixels)));
        long work = (long) batch * f * rows * pixels;
        // Threads own whole blocks of four col rows, that is whole columns of gw, and sum them
        // over the batch in a fixed order: the result does not depend on the thread count or timing.
        Parallel.forRange(blocks, work / FMAS_PER_ELEMENT_OP, (from, to) -> {
            float[] acc = new float[(to - from) * fTiles * DotTile.ACC];
            float[] buffer = im2col.identity ? null : scratch(DotTile.SIZE * chunk * pixels);
            for (int n0 = 0; n0 < batch; n0 += chunk) {
                int images = Math.min(chunk, batch - n0);
                for (int block = from; block < to; block++) {
                    int r0 = block * DotTile.SIZE, bRows = Math.min(DotTile.SIZE, rows - r0);
                    float[] b;
                    int bOff, bImage;
                    if (im2col.identity) {
                        // A 1x1 convolution: col is the image itself.
                        b = x;
                        bOff = n0 * xImage + r0 * pixels;
                        bImage = xImage;
                    } else {
                        for (int i = 0; i < images; i++)
                            for (int q = 0; q < bRows; q++)
                                im2col.copyRow(x, (n0 + i) * xImage, r0 + q, 0, pixels,
                                        buffer, (i * DotTile.SIZE + q) * pixels, pixels);
                        b = buffer;
                        bOff = 0;
                        bImage = DotTile.SIZE * pixels;
                    }
                    for (int t = 0; t < fTiles; t++) {
                        int f0 = t * DotTile.SIZE;
                        DotTile.accumulate(images, pixels, gy, n0 * yImage + f0 * pixels, yImage, pixels,
                                Math.min(DotTile.SIZE, f - f0), b, bOff, bImage, pixels, bRows,
                                acc, ((block - from) * fTiles + t) * DotTile.ACC);
                    }
                }
            }
            for (int block = from; block < to; block++) {
                int r0 = block * DotTile.SIZE, bRows = Math.min(DotTile.SIZE, rows - r0);
                for (int t = 0; t < fTiles; t++) {
                    int f0 = t * DotTile.SIZE, aRows = Math.min(DotTile.SIZE, f - f0);
                    int accOff = ((block - from) * fTiles + t) * DotTile.ACC;
                    for (int i = 0; i < aRows; i++)
                        for (int j = 0; j < bRows; j++) gw[(f0 + i) * rows + r0 + j] = DotTile.reduce(acc, accOff, i, j);
                }
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Floats of col rows built per chunk of images in the weight gradient: a quarter of the L1 data
     * cache, so that they stay there while gy's rows stream past them from L2. A whole L1's worth
     * (the constant 8,192 this replaced) was evicted by that stream: on a Zen 5 EPYC (48 KiB L1d) the
     * 64-channel 32 x 32 weight gradient ran at about 260 GFLOP/s with it and 310 with a quarter.
     */
    private static final int WEIGHT_CHUNK_FLOATS = (int) Math.max(256, CacheSizes.DETECTED.l1Data() / 16);

    /**
     * Multiply-adds per "element operation" of {@link Parallel}'s threshold: vectorised FMAs are
     * this much cheaper than the memory-bound element loops it was set for.
     */
    private static final long FMAS_PER_ELEMENT_OP = 8;

    /** w (F, C, KH, KW) -> (C, F, KH, KW) with each kernel rotated by 180 degrees. */
    private static float[] flipTransposed(ConvGeometry g, float[] w) {
        int f = g.outChannels(), c = g.inChannels(), kh = g.kernelH(), kw = g.kernelW(), taps = kh * kw;
        float[] t = new float[g.weightSize()];
        for (int o = 0; o < f; o++)
            for (int i = 0; i < c; i++)
                for (int k = 0; k < taps; k++)
                    t[(i * f + o) * taps + (taps - 1 - k)] = w[(o * c + i) * taps + k];
        return t;
    }

    /**
     * Whether the forward pass goes through {@link DirectConv}: stride 1, a kernel wider than 1 x 1
     * (a 1 x 1 convolution needs no im2col anyway), and few of the positions it computes thrown
     * away. The choice does not depend on the thread count, so neither do the results. Measured on
     * a Zen 5 EPYC (2 threads, batch 32, 3 x 3): at 32 x 32 (94% of positions kept) 450-470 GFLOP/s
     * against im2col's 380-430 with 64 -> 64 channels, 380 against 310 with 16 -> 16; at 16 x 16
     * (80% kept) the two tie, and at 8 x 8 (64%) im2col wins.
     */
    private static boolean direct(ConvGeometry g) {
        return DirectConv.applies(g) && g.kernelH() * g.kernelW() > 1 && DirectConv.efficiency(g) >= DIRECT_MIN_EFFICIENCY;
    }

    /**
     * Whether the weight gradient goes through {@link DirectWeightGradient}: as for {@link #direct},
     * with the filters counted too (they fill panels of 64), so 64 or 128 filters on wide images.
     */
    private static boolean directWeight(ConvGeometry g) {
        return DirectConv.applies(g) && g.kernelH() * g.kernelW() > 1 && DirectWeightGradient.efficiency(g) >= DIRECT_MIN_EFFICIENCY;
    }

    /** The least fraction of multiply-adds that count for {@link #direct} and {@link #directWeight}; overridable for measurements. */
    private static final double DIRECT_MIN_EFFICIENCY = Double.parseDouble(System.getProperty("ionas.conv.directMinEfficiency", "0.9"));

    /**
     * Into how many parts the direct paths split each of their units of work (images, slices): one
     * when there are enough units for every thread, else one per thread. The parts change no sum.
     */
    private static int partsPer(int units) {
        return units >= Parallel.threads() ? 1 : Parallel.threads();
    }

    /** Whether whole images should go to threads, rather than each image's GEMM going parallel. */
    private static boolean imageParallel(int batch, long totalWork) {
        return batch >= Parallel.threads() && totalWork >= IMAGE_PARALLEL_WORK;
    }

    /**
     * Multiply-adds from which whole images go to threads: one parallel region for the whole batch,
     * where a parallel GEMM makes one per image and splits each small product. Tuned on NAS-Bench-101's
     * small convolutions (4-16 channels, 8x8 to 32x32, batch 32); overridable for measurements.
     */
    private static final long IMAGE_PARALLEL_WORK = Long.getLong("ionas.conv.imageParallelWork", 1_000_000L);

    /** Runs body for every image, spreading whole images over threads when that pays. */
    private static void overImages(int batch, boolean parallel, IntConsumer body) {
        if (parallel) {
            // The work figure only tells Parallel to use every thread: imageParallel decided.
            Parallel.forRange(batch, Long.MAX_VALUE, (from, to) -> {
                for (int n = from; n < to; n++) body.accept(n);
            });
        } else {
            for (int n = 0; n < batch; n++) body.accept(n);
        }
    }

    /** A per-thread buffer of at least size floats, reused across calls. */
    private static float[] scratch(int size) {
        return Scratch.floats(Scratch.CONV_COL, size);
    }

    private static void check(String name, float[] a, int size) {
        if (a.length < size)
            throw new IllegalArgumentException("conv2d: " + name + " has " + a.length + " elements, needs " + size);
    }
}
