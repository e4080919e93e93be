package ionas.kernels;

/**
 * Philox 4x32-10, the counter-based generator of Salmon et al., "Parallel Random Numbers: As Easy
 * as 1, 2, 3" (SC 2011), also used by PyTorch's CUDA generator and cuRAND.
 *
 * <p>A counter-based generator has no state to carry from one number to the next: the numbers of a
 * (seed, counter) pair are a pure function of both. That is why a seed gives the same tensor on the
 * CPU and on the GPU, whichever thread computes which element: element {@code i} of a draw that
 * starts at stream offset {@code o} is computed from counter {@code o + i} alone.
 *
 * <p>The stream layout ionas uses everywhere (CPU and CUDA must agree): for stream position
 * {@code p} the 128-bit counter is {@code (lo32(p), hi32(p), 0, 0)}, the key is
 * {@code (lo32(seed), hi32(seed))}, and of the four 32-bit outputs a uniform draw uses the first and
 * a normal draw uses the first two (Box-Muller).
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /** The four 32-bit outputs for one 128-bit counter and 64-bit key (10 rounds). */
    public static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
        }
        return new int[] {c0, c1, c2, c3};
    }

    /** The first 32-bit output at stream position {@code position} for {@code seed}. */
    public static int bits(long seed, long position) {
        return block((int) position, (int) (position >>> 32), 0, 0, (int) seed, (int) (seed >>> 32))[0];
    }

    /** A uniform float in [0, 1) from the top 24 bits, so every value is exactly representable. */
    public static float toUniform(int bits) {
        return (bits >>> 8) * 0x1.0p-24f;
    }

    /** Uniform [0, 1) at stream position {@code position}. */
    public static float uniform(long seed, long position) {
        return toUniform(bits(seed, position));
    }

    /** A standard normal at stream position {@code position}, by Box-Muller from two outputs. */
    public static double normal(long seed, long position) {
        int[] r = block((int) position, (int) (position >>> 32), 0, 0, (int) seed, (int) (seed >>> 32));
        double u1 = ((r[0] >>> 8) + 1) * 0x1.0p-24; // (0, 1]: log(u1) stays finite
        double u2 = (r[1] >>> 8) * 0x1.0p-24;
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
