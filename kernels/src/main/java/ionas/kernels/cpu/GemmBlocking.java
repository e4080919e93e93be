package ionas.kernels.cpu;

import java.util.Locale;

/**
 * How {@link PackedGemm} cuts a product into blocks: kc steps of the shared dimension at a time,
 * mc rows of A, nc columns of B. Sized from the core's caches ({@link #forCaches}) at start-up.
 *
 * <p>Why the depth block is as long as L2 allows: every depth block ends with the micro-kernel
 * storing its C tile and the next one loading it back, and C (4 MiB at 1024^2) lives in L3 or
 * memory. On the AMD EPYC (Zen 4, 1 MiB L2) a 1024^3 product on one core ran at 104 GFLOP/s with
 * kc = 256, 110 with kc = 1024; 2048^3 at 98 against 106; on two cores 192 against 210 and 199
 * against 211. Shorter blocks were slower still (kc = 64: 93). So kc is as long as keeps a kc x NR
 * panel of packed B in a quarter of L2, and mc as many rows as keep the A block in most of the rest.
 *
 * <p>The blocking changes no result: each element of C is one chain of fused multiply-adds over
 * the shared dimension in order, and a float stored between two depth blocks is the float the
 * register held. So machines with other caches compute the same bits (GemmTest checks this).
 *
 * @param kc depth of one block
 * @param mc rows of one A block
 * @param nc columns of one packed B block
 */
record GemmBlocking(int kc, int mc, int nc) {

    /** The blocking for this machine's caches. */
    static final GemmBlocking DETECTED = forCaches(CacheSizes.DETECTED, GemmMicroKernel.NR);

    /** Columns of one packed B block: a kc x nc block is at most 16 MiB at kc = 1024, and is read from L3. */
    static final int NC = 4096;
    /** Bounds on kc: below 256 the C tile's loads and stores show; above 4096 the panel no longer fits any L2. */
    static final int MIN_KC = 256, MAX_KC = 4096;

    GemmBlocking {
        if (kc <= 0 || mc <= 0 || nc <= 0) throw new IllegalArgumentException("blocks must be positive: kc " + kc + ", mc " + mc + ", nc " + nc);
    }

    /**
     * kc: a kc x nr panel of B in a quarter of L2 (1024 for 1 MiB of L2 and 64-float panels),
     * within [256, 4096]; mc: the A block (mc x kc floats) in three quarters of L2, a multiple of 12
     * rows so that 6- and 4-row tiles both divide it.
     */
    static GemmBlocking forCaches(CacheSizes caches, int nr) {
        long panelFloats = caches.l2() / 4 / Float.BYTES;
        int kc = (int) Math.clamp(Long.highestOneBit(Math.max(1, panelFloats / nr)), MIN_KC, MAX_KC);
        long aFloats = caches.l2() * 3 / 4 / Float.BYTES;
        int mc = (int) Math.max(12, aFloats / kc / 12 * 12);
        return new GemmBlocking(kc, mc, NC);
    }

    /** For logs: "GEMM blocks kc 1024, mc 192, nc 4096". */
    String describe() {
        return String.format(Locale.ROOT, "GEMM blocks kc %d, mc %d, nc %d", kc, mc, nc);
    }
}
