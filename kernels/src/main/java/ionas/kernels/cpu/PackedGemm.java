package ionas.kernels.cpu;

import java.util.Arrays;

/**
 * Cache-blocked GEMM in the style of GotoBLAS/BLIS: {@code C (+)= X_A * X_B^T}, where X_A (m x k)
 * and X_B (n x k) are {@link GemmSource}s.
 *
 * <p>The loops, outermost first: columns of C in blocks of nc; the shared dimension in blocks of
 * about kc, for which a kc x nc block of B is packed into NR-wide panels; rows of C in blocks of
 * about mc (the three sized from the caches: {@link GemmBlocking}), packed into panels as high as
 * a tile ({@link #tileRows})
 * unless A is a row-major array, whose rows the micro-kernel reads in place;
 * and inside that, B panels by A panels, one {@link GemmMicroKernel} call per tile of C.
 *
 * <p>Large products are first cut into one slab of C per thread (see {@link #multiply}).
 */
final class PackedGemm {
    private PackedGemm() {}

    static final int MR = GemmMicroKernel.MR, NR = GemmMicroKernel.NR;

    /**
     * Below this many multiply-adds one thread is as fast as two. With {@link Parallel}'s spinning
     * team a region costs about a microsecond, so the break-even is small: on a 2-core AMD EPYC
     * (Zen 4) VM, 48^3 (110K) took 3.4 us on two threads against 4.6 on one, 64^3 5.0 against
     * 7.0, and 256^3 168 against 322; 32^3 is even.
     */
    static final long PARALLEL_WORK = 65_536;

    /** Per-thread buffers, grown on demand and kept, so steady-state GEMMs allocate nothing. */
    private static final class Workspace {
        float[] packedA = new float[0], packedB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packedA(int size) {
            if (packedA.length < size) packedA = new float[size];
            return packedA;
        }

        float[] packedB(int size) {
            if (packedB.length < size) packedB = new float[size];
            return packedB;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /**
     * C[m x n] at c[cOff], row stride ldc, = X_A X_B^T, or += when accumulate. With parallel false
     * (the caller is already spreading work over threads) it runs on the calling thread only.
     */
    static void multiply(int m, int n, int k, GemmSource a, GemmSource b,
                         boolean accumulate, float[] c, int cOff, int ldc, boolean parallel) {
        multiply(m, n, k, a, b, accumulate, c, cOff, ldc, parallel, GemmBlocking.DETECTED);
    }

    /** The same product cut into the given blocks (tests try other machines' blockings). */
    static void multiply(int m, int n, int k, GemmSource a, GemmSource b, boolean accumulate,
                         float[] c, int cOff, int ldc, boolean parallel, GemmBlocking blocks) {
        long work = (long) m * n * k;
        // One parallel region per product, each thread owning a slab of C and packing its own
        // panels: a region costs a hand-off and a join, more than packing an operand twice.
        boolean splitRows = !splitsColumns(m, n, a, Parallel.threads());
        int units = splitRows ? ceilDiv(m, MR) : ceilDiv(n, NR);
        // When the team is taken (a nested call, or another thread's region), Parallel would run
        // the slabs inline one after another: then one slab, not several.
        boolean serial = !parallel || work < PARALLEL_WORK || !Parallel.teamAvailable();
        if (serial) {
            multiplySlab(0, m, 0, n, k, a, b, accumulate, c, cOff, ldc, blocks, WORKSPACE.get());
            return;
        }
        int tasks = Math.min(Parallel.threads(), units);
        Parallel.forRange(tasks, work, (from, to) -> {
            Workspace ws = WORKSPACE.get();
            for (int t = from; t < to; t++) {
                int u0 = (int) ((long) units * t / tasks), u1 = (int) ((long) units * (t + 1) / tasks);
                if (splitRows) {
                    int i0 = u0 * MR, i1 = Math.min(m, u1 * MR);
                    multiplySlab(i0, i1 - i0, 0, n, k, a, b, accumulate, c, cOff, ldc, blocks, ws);
                } else {
                    int j0 = u0 * NR, j1 = Math.min(n, u1 * NR);
                    multiplySlab(0, m, j0, j1 - j0, k, a, b, accumulate, c, cOff, ldc, blocks, ws);
                }
            }
        });
    }

    /**
     * Whether threads take slabs of C's columns rather than of its rows. Every thread packs the
     * whole of the operand its slab does not cut. A row-major A is read in place, so sharing it
     * costs nothing: cut columns, unless the column panels go round the threads unevenly (more
     * than an eighth of the work lost waiting). Otherwise cut the larger dimension, so that the
     * operand packed by every thread is the smaller one. Two cores of the AMD EPYC, best of 6 s:
     * columns rather than rows took 256^3 from 215 to 222 GFLOP/s and 2048^3 from 215 to 223.
     */
    static boolean splitsColumns(int m, int n, GemmSource a, int threads) {
        int panels = ceilDiv(n, NR), perThread = ceilDiv(panels, threads);
        if (readsInPlace(a) && 8L * perThread * threads * NR <= 9L * n) return true;
        return m < n;
    }

    /** Rows [i0, i0+m) x columns [j0, j0+n) of C, on the calling thread. */
    private static void multiplySlab(int i0, int m, int j0, int n, int k, GemmSource a, GemmSource b,
                                     boolean accumulate, float[] c, int cOff, int ldc, GemmBlocking blocks, Workspace ws) {
        int mr = tileRows(m);
        int kSteps = ceilDiv(k, blocks.kc()), kc = ceilDiv(k, kSteps);
        int mBlocks = ceilDiv(m, blocks.mc()), mc = roundUp(ceilDiv(m, mBlocks), mr);
        for (int jc = 0; jc < n; jc += blocks.nc()) {
            int nc = Math.min(blocks.nc(), n - jc), nPanels = ceilDiv(nc, NR);
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                boolean acc = accumulate || pc > 0;
                // With one block of rows no other block reads a packed panel of B again, so each
                // panel is packed just before the micro-kernel sweeps it, while it is still near
                // the core, rather than the whole kc x nc block first. One core: a 3x3 convolution
                // 64 -> 64 filters at 8x8 went from 53.8 to 48.7 us; other shapes moved within 3%.
                int panelsAtATime = mBlocks == 1 ? 1 : nPanels;
                float[] packedB = ws.packedB(panelsAtATime * NR * depth);
                if (panelsAtATime == nPanels) packPanels(b, j0 + jc, nc, 0, nPanels, pc, depth, packedB);
                for (int ic = 0; ic < m; ic += mc) {
                    int rows = Math.min(mc, m - ic);
                    int cBlock = cOff + (i0 + ic) * ldc + j0 + jc;
                    // Whole tiles of a row-major A are read in place; only a last, short tile is
                    // packed, since reading its missing rows in place would run past A.
                    int inPlace = readsInPlace(a) ? rows / mr * mr : 0, packed = rows - inPlace;
                    float[] packedA = ws.packedA(roundUp(packed, mr) * depth);
                    for (int ip = 0; ip * mr < packed; ip++)
                        a.pack(i0 + ic + inPlace + ip * mr, Math.min(mr, packed - ip * mr), pc, depth, mr, packedA, ip * mr * depth);
                    for (int jp = 0; jp < nPanels; jp += panelsAtATime) {
                        if (panelsAtATime < nPanels) packPanels(b, j0 + jc, nc, jp, panelsAtATime, pc, depth, packedB);
                        int cols = Math.min(panelsAtATime * NR, nc - jp * NR), cPanels = cBlock + jp * NR;
                        if (inPlace > 0) {
                            GemmSource.Dense d = (GemmSource.Dense) a;
                            multiplyBlock(mr, inPlace, cols, depth, d.data(), d.off() + (i0 + ic) * d.ld() + pc, d.ld(), 1, d.ld(),
                                    packedB, panelsAtATime, acc, c, cPanels, ldc, ws.tile);
                        }
                        if (packed > 0)
                            multiplyBlock(mr, packed, cols, depth, packedA, 0, 1, mr, depth, packedB, panelsAtATime, acc,
                                    c, cPanels + inPlace * ldc, ldc, ws.tile);
                    }
                }
            }
        }
    }

    /** Packs panels [first, first + count) of B's columns [col0, col0 + nc), depth [pc, pc + depth), into dst from 0. */
    private static void packPanels(GemmSource b, int col0, int nc, int first, int count, int pc, int depth, float[] dst) {
        int end = Math.min(first + count, ceilDiv(nc, NR));
        for (int jp = first; jp < end; jp++)
            b.pack(col0 + jp * NR, Math.min(NR, nc - jp * NR), pc, depth, NR, dst, (jp - first) * NR * depth);
    }

    /**
     * Whether the micro-kernel reads A where it lies instead of from packed panels: for a
     * row-major array, which packing would transpose. Even rows a multiple of 4 KiB apart, which
     * share cache sets, are faster read in place (two cores of the AMD EPYC: 1024^3 223 GFLOP/s
     * against 213 packed, 2048^3 216 against 211, 4096^3 202 against 201).
     */
    static boolean readsInPlace(GemmSource a) {
        return a instanceof GemmSource.Dense d && !d.transposed();
    }

    /**
     * The tile height for C with m rows: the 6-row tile, except for 4, 8 and 16 rows (the filter
     * counts of NAS-Bench-101's narrow layers), where 4-row tiles cover C exactly and 6-row ones
     * would compute a third, a third and a ninth of zeros. Each element's sum is the same either
     * way: only which elements share a tile changes.
     */
    static int tileRows(int m) {
        return m % MR != 0 && m % GemmMicroKernel.MR4 == 0 && m <= 16 ? GemmMicroKernel.MR4 : MR;
    }

    /** One micro-kernel call for a tile of mr rows; A's element (r, p) is {@code a[aOff + r * aRow + p * aStep]}. */
    private static void tile(int mr, int depth, float[] a, int aOff, int aRow, int aStep, float[] b, int bOff,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        if (mr == MR) GemmMicroKernel.multiply(depth, a, aOff, aRow, aStep, b, bOff, c, cOff, ldc, accumulate);
        else GemmMicroKernel.multiply4(depth, a, aOff, aRow, aStep, b, bOff, c, cOff, ldc, accumulate);
    }

    /**
     * The macro-kernel: C block (rows x the packed B panels) from an A block whose element
     * (i + r, p), for i a multiple of mr and r < mr, is {@code a[aBase + i * aTileRow + r * aRow + p * aStep]}:
     * mr-row panels of packed A ({@code aTileRow = depth, aRow = 1, aStep = mr}), or a row-major A
     * read in place ({@code aTileRow = aRow = lda, aStep = 1}).
     */
    private static void multiplyBlock(int mr, int rows, int cols, int depth, float[] a, int aBase, int aRow, int aStep, int aTileRow,
                                      float[] packedB, int panels, boolean accumulate,
                                      float[] c, int cOff, int ldc, float[] tile) {
        for (int jp = 0; jp < panels; jp++) {
            int j = jp * NR, width = Math.min(NR, cols - j);
            int bOff = jp * NR * depth;
            for (int i = 0; i < rows; i += mr) {
                int height = Math.min(mr, rows - i);
                int aOff = aBase + i * aTileRow;
                if (height == mr && width == NR) {
                    tile(mr, depth, a, aOff, aRow, aStep, packedB, bOff, c, cOff + i * ldc + j, ldc, accumulate);
                } else {
                    // An edge tile: computed aside in a whole tile that starts from the part of C
                    // that exists, so each element is the same chain of multiply-adds as in a whole
                    // tile (the blocking then changes no bit), and copied back.
                    int edge = cOff + i * ldc + j;
                    if (accumulate) {
                        Arrays.fill(tile, 0f);
                        copy(c, edge, ldc, tile, 0, NR, height, width);
                    }
                    tile(mr, depth, a, aOff, aRow, aStep, packedB, bOff, tile, 0, NR, accumulate);
                    copy(tile, 0, NR, c, edge, ldc, height, width);
                }
            }
        }
    }

    /** Copies a height x width corner between two row-major arrays. */
    private static void copy(float[] src, int srcOff, int srcLd, float[] dst, int dstOff, int dstLd, int height, int width) {
        for (int r = 0; r < height; r++) System.arraycopy(src, srcOff + r * srcLd, dst, dstOff + r * dstLd, width);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
