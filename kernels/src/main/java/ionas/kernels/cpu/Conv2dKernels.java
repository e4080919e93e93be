package ionas.kernels.cpu;

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
 *   <li>backwardInput: for stride 1, itself a forward convolution of gy with the weights flipped
 *       and transposed; otherwise col = W^T gy_n, then col2im;
 *   <li>backwardWeight: gw = sum over n of gy_n col_n^T, as dot-product tiles over the pixels
 *       for large images ({@link DotTile}), else through the packed GEMM with col_n built first.
 * </ul>
 * With at least as many images as threads, each thread takes whole images (one wake-up of the
 * pool per call, and each image's data stays in its core's cache); otherwise the GEMMs go parallel.
 */
public final class Conv2dKernels {
    private Conv2dKernels() {}

    public static void forward(ConvGeometry g, float[] x, float[] w, float[] y) {
        check("x", x, g.inputSize());
        check("w", w, g.weightSize());
        check("y", y, g.outputSize());
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
        // Each group of images sums into its own partial gw, and the partials are added in a fixed
        // order, so the result does not depend on which thread finished first.
        boolean parallelImages = imageParallel(g.batch(), (long) g.batch() * yImage * rows);
        int groups = parallelImages ? Math.min(Parallel.threads(), g.batch()) : 1;
        // The reduction runs over the pixels, which NCHW stores contiguously: packing them
        // depth-major for the GEMM is a transpose. Dot-product tiles skip it, and win once an image
        // has enough pixels to amortise their horizontal sums (measured: on par at 16x16, 25%
        // faster at 32x32, twice slower at 8x8). They run on one thread: only when images go to threads.
        boolean dots = pixels >= DOT_PIXELS && (parallelImages || Parallel.threads() == 1);
        float[][] partial = new float[groups][];
        partial[0] = gw;
        Parallel.forRange(groups, Long.MAX_VALUE, (from, to) -> {
            for (int group = from; group < to; group++) {
                float[] sum = group == 0 ? gw : new float[g.weightSize()];
                partial[group] = sum;
                int n0 = g.batch() * group / groups, n1 = g.batch() * (group + 1) / groups;
                for (int n = n0; n < n1; n++) {
                    if (dots) weightGradientDots(im2col, x, n * xImage, gy, n * yImage, f, sum, n > n0);
                    else weightGradientPacked(im2col, x, n * xImage, gy, n * yImage, f, sum, n > n0, !parallelImages);
                }
            }
        });
        for (int group = 1; group < groups; group++) {
            float[] p = partial[group];
            for (int i = 0; i < g.weightSize(); i++) gw[i] += p[i];
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Output pixels per image from which the weight gradient uses {@link DotTile}s. */
    private static final int DOT_PIXELS = 256;

    /**
     * gw (+)= gy_n col_n^T for one image, as 4 x 4 tiles of dot products over the pixels
     * ({@link DotTile}): four rows of col at a time are built into a buffer that stays in L1 while
     * all of gy_n's rows stream past it.
     */
    private static void weightGradientDots(Im2col im2col, float[] x, int xOff, float[] gy, int yOff, int f,
                                           float[] gw, boolean accumulate) {
        int pixels = im2col.pixels, rows = im2col.rows();
        float[] colRows = im2col.identity ? x : scratch(DotTile.SIZE * pixels);
        for (int r0 = 0; r0 < rows; r0 += DotTile.SIZE) {
            int tile = Math.min(DotTile.SIZE, rows - r0);
            int colOff = im2col.identity ? xOff + r0 * pixels : 0;
            if (!im2col.identity)
                for (int q = 0; q < tile; q++) im2col.copyRow(x, xOff, r0 + q, 0, pixels, colRows, q * pixels, pixels);
            for (int i0 = 0; i0 < f; i0 += DotTile.SIZE)
                DotTile.multiply(pixels, gy, yOff + i0 * pixels, pixels, Math.min(DotTile.SIZE, f - i0),
                        colRows, colOff, pixels, tile, gw, i0 * rows + r0, rows, accumulate);
        }
    }

    /** gw (+)= gy_n col_n^T for one image through the packed GEMM, with col_n built in full first. */
    private static void weightGradientPacked(Im2col im2col, float[] x, int xOff, float[] gy, int yOff, int f,
                                             float[] gw, boolean accumulate, boolean parallel) {
        int pixels = im2col.pixels, rows = im2col.rows();
        GemmSource col;
        if (im2col.identity) {
            col = new GemmSource.Dense(x, xOff, pixels, false);
        } else {
            float[] buffer = scratch(rows * pixels);
            im2col.fill(x, xOff, buffer);
            col = new GemmSource.Dense(buffer, 0, pixels, false);
        }
        PackedGemm.multiply(f, rows, pixels, new GemmSource.Dense(gy, yOff, pixels, false), col, accumulate,
                gw, 0, rows, parallel);
    }

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

    /** Whether whole images should go to threads, rather than each image's GEMM going parallel. */
    private static boolean imageParallel(int batch, long totalWork) {
        return batch >= Parallel.threads() && totalWork >= PackedGemm.PARALLEL_WORK;
    }

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

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** A per-thread buffer of at least size floats, reused across calls. */
    private static float[] scratch(int size) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    private static void check(String name, float[] a, int size) {
        if (a.length < size)
            throw new IllegalArgumentException("conv2d: " + name + " has " + a.length + " elements, needs " + size);
    }
}
