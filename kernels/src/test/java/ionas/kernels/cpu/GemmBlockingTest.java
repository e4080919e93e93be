package ionas.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The GEMM's blocks, sized from the caches, and the claim that they change no result. */
class GemmBlockingTest {

    private static CacheSizes withL2(long bytes) {
        return new CacheSizes(32L << 10, bytes, 32L << 20, "test");
    }

    @Test
    void theDepthBlockGrowsWithL2AndTheRowBlockKeepsABlockOfAInIt() {
        // AMD EPYC Zen 4 (1 MiB of L2 per core) and Intel Xeon Sapphire Rapids (2 MiB), 64-float panels.
        assertEquals(new GemmBlocking(1024, 192, GemmBlocking.NC), GemmBlocking.forCaches(withL2(1L << 20), 64));
        assertEquals(new GemmBlocking(2048, 192, GemmBlocking.NC), GemmBlocking.forCaches(withL2(2L << 20), 64));
        // Narrower panels (AVX2) may go deeper for the same L2.
        assertEquals(new GemmBlocking(2048, 96, GemmBlocking.NC), GemmBlocking.forCaches(withL2(1L << 20), 32));
        // An L2 that is not a power of two rounds the depth down to one.
        assertEquals(1024, GemmBlocking.forCaches(withL2(1280L << 10), 64).kc());
        // The bounds: a small L2 still gets 256-deep blocks, and a huge one stops at 4096.
        assertEquals(new GemmBlocking(256, 48, GemmBlocking.NC), GemmBlocking.forCaches(withL2(64L << 10), 64));
        assertEquals(GemmBlocking.MAX_KC, GemmBlocking.forCaches(withL2(64L << 20), 64).kc());
        assertThrows(IllegalArgumentException.class, () -> new GemmBlocking(0, 192, 4096));
    }

    /**
     * Each element of C is one chain of fused multiply-adds over the shared dimension, whatever the
     * blocks: machines with other caches (and one or two threads) compute the same bits.
     */
    @Test
    void everyBlockingComputesTheSameBits() {
        Random random = new Random(11);
        int m = 100, n = 150, k = 1500;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = random.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = random.nextFloat() - 0.5f;
        GemmSource x = new GemmSource.Dense(a, 0, k, false), y = new GemmSource.Dense(b, 0, n, true);
        float[] expected = new float[m * n];
        PackedGemm.multiply(m, n, k, x, y, false, expected, 0, n, false, new GemmBlocking(k, m, n));
        List<GemmBlocking> others = List.of(new GemmBlocking(256, 192, 4096), new GemmBlocking(1024, 192, 4096),
                new GemmBlocking(2048, 192, 4096), new GemmBlocking(300, 30, 64), GemmBlocking.DETECTED);
        for (GemmBlocking blocks : others)
            for (boolean parallel : new boolean[] {false, true}) {
                float[] c = new float[m * n];
                PackedGemm.multiply(m, n, k, x, y, false, c, 0, n, parallel, blocks);
                assertArrayEquals(expected, c, blocks + ", parallel " + parallel);
            }
    }
}
