package ionas.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Cache-blocked GEMM in the style of GotoBLAS/BLIS: {@code C (+)= X_A * X_B^T}, where X_A (m x k)
 * and X_B (n x k) are {@link GemmSource}s.
 *
 * <p>The loops, outermost first: columns of C in blocks of {@link #NC}; the shared dimension in
 * blocks of about {@link #KC}, for which a kc x nc block of B is packed into NR-wide panels; rows
 * of C in blocks of about {@link #MC}, packed into panels as high as a tile ({@link #tileRows})
 * unless A is a row-major array, whose rows the micro-kernel reads in place;
 * and inside that, B panels by A panels, one {@link GemmMicroKernel} call per tile of C.
 *
 * <p>Large products are first cut into one slab of C per thread (see {@link #multiply}).
 */
final class PackedGemm {
    private PackedGemm() {}

    static final int MR = GemmMicroKernel.MR, NR = GemmMicroKernel.NR;
    private static final VectorSpecies<Float> F = VectorSupport.FLOAT;
    private static final int L = F.length();

    /**
     * Depth of one block: long enough that loading and storing the C tile is cheap next to kc
     * steps of FMAs, short enough that a kc x NR panel of B (64 KiB at kc = 256 with AVX-512)
     * stays near the core while the micro-kernel sweeps down the A block. 128 to 512 measured
     * within noise of each other on AVX-512; 256 is the usual choice.
     */
    static final int KC = 256;
    /** Rows of one A block: mc x kc floats (192 KiB) sit comfortably in a 1-2 MiB L2. */
    static final int MC = 192;
    /** Columns of one packed B block: kc x nc floats (4 MiB) fit in L3. */
    static final int NC = 4096;

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
        long work = (long) m * n * k;
        // One parallel region per product, each thread owning a slab of C and packing its own
        // panels: a region costs a hand-off and a join, more than packing the smaller
        // operand twice. The slabs cut the larger dimension, so the operand packed by every thread
        // is the smaller one.
        boolean splitRows = m >= n;
        int units = splitRows ? ceilDiv(m, MR) : ceilDiv(n, NR);
        // When the team is taken (a nested call, or another thread's region), Parallel would run
        // the slabs inline one after another: then one slab, not several.
        boolean serial = !parallel || work < PARALLEL_WORK || !Parallel.teamAvailable();
        if (serial) {
            multiplySlab(0, m, 0, n, k, a, b, accumulate, c, cOff, ldc, WORKSPACE.get());
            return;
        }
        int tasks = Math.min(Parallel.threads(), units);
        Parallel.forRange(tasks, work, (from, to) -> {
            Workspace ws = WORKSPACE.get();
            for (int t = from; t < to; t++) {
                int u0 = (int) ((long) units * t / tasks), u1 = (int) ((long) units * (t + 1) / tasks);
                if (splitRows) {
                    int i0 = u0 * MR, i1 = Math.min(m, u1 * MR);
                    multiplySlab(i0, i1 - i0, 0, n, k, a, b, accumulate, c, cOff, ldc, ws);
                } else {
                    int j0 = u0 * NR, j1 = Math.min(n, u1 * NR);
                    multiplySlab(0, m, j0, j1 - j0, k, a, b, accumulate, c, cOff, ldc, ws);
                }
            }
        });
    }

    /** Rows [i0, i0+m) x columns [j0, j0+n) of C, on the calling thread. */
    private static void multiplySlab(int i0, int m, int j0, int n, int k, GemmSource a, GemmSource b,
                                     boolean accumulate, float[] c, int cOff, int ldc, Workspace ws) {
        int mr = tileRows(m);
        int kSteps = ceilDiv(k, KC), kc = ceilDiv(k, kSteps);
        int mBlocks = ceilDiv(m, MC), mc = roundUp(ceilDiv(m, mBlocks), mr);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc), nPanels = ceilDiv(nc, NR);
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                boolean acc = accumulate || pc > 0;
                float[] packedB = ws.packedB(nPanels * NR * depth);
                for (int jp = 0; jp < nPanels; jp++)
                    b.pack(j0 + jc + jp * NR, Math.min(NR, nc - jp * NR), pc, depth, NR, packedB, jp * NR * depth);
                for (int ic = 0; ic < m; ic += mc) {
                    int rows = Math.min(mc, m - ic);
                    int cBlock = cOff + (i0 + ic) * ldc + j0 + jc;
                    // Whole tiles of a row-major A are read in place; only a last, short tile is
                    // packed, since reading its missing rows in place would run past A.
                    int inPlace = readsInPlace(a) ? rows / mr * mr : 0;
                    if (inPlace > 0) {
                        GemmSource.Dense d = (GemmSource.Dense) a;
                        multiplyBlock(mr, inPlace, nc, depth, d.data(), d.off() + (i0 + ic) * d.ld() + pc, d.ld(), 1, d.ld(),
                                packedB, nPanels, acc, c, cBlock, ldc, ws.tile);
                    }
                    int packed = rows - inPlace;
                    if (packed == 0) continue;
                    float[] packedA = ws.packedA(roundUp(packed, mr) * depth);
                    for (int ip = 0; ip * mr < packed; ip++)
                        a.pack(i0 + ic + inPlace + ip * mr, Math.min(mr, packed - ip * mr), pc, depth, mr, packedA, ip * mr * depth);
                    multiplyBlock(mr, packed, nc, depth, packedA, 0, 1, mr, depth, packedB, nPanels, acc,
                            c, cBlock + inPlace * ldc, ldc, ws.tile);
                }
            }
        }
    }

    /**
     * Whether the micro-kernel reads A where it lies instead of from packed panels: for a
     * row-major array (packing would transpose it) whose rows are not a multiple of 4 KiB apart.
     * Rows at such a stride fall into the same L1 and L2 sets, and the tile's 6 rows and the
     * block's 192 would evict each other; packing puts them side by side.
     */
    static boolean readsInPlace(GemmSource a) {
        return a instanceof GemmSource.Dense d && !d.transposed() && d.ld() % CRITICAL_STRIDE != 0;
    }

    /** Floats in 4 KiB: rows this far apart share cache sets. */
    private static final int CRITICAL_STRIDE = 1024;

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
                    // An edge tile: compute the full tile aside, then copy in the part that exists.
                    tile(mr, depth, a, aOff, aRow, aStep, packedB, bOff, tile, 0, NR, false);
                    if (VectorSupport.ENABLED && width == NR) {
                        // Short tiles (C with fewer than mr rows left) are whole rows: copy them with vectors.
                        for (int r = 0; r < height; r++) {
                            int ci = cOff + (i + r) * ldc + j;
                            for (int s = 0; s < NR; s += L) {
                                FloatVector v = FloatVector.fromArray(F, tile, r * NR + s);
                                if (accumulate) v = v.add(FloatVector.fromArray(F, c, ci + s));
                                v.intoArray(c, ci + s);
                            }
                        }
                        continue;
                    }
                    for (int r = 0; r < height; r++) {
                        int ci = cOff + (i + r) * ldc + j;
                        for (int s = 0; s < width; s++)
                            c[ci + s] = accumulate ? c[ci + s] + tile[r * NR + s] : tile[r * NR + s];
                    }
                }
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static int roundUp(int a, int multiple) {
        return ceilDiv(a, multiple) * multiple;
    }
}
