package ionas.nas.random;

/**
 * MT19937, the 32-bit Mersenne Twister of Matsumoto and Nishimura, seeded as {@code init_genrand}
 * does. It is here only to reproduce NumPy's legacy {@code RandomState}, which the reference code
 * uses to split data (see {@link NumpyRandomState}); ionas' own randomness is Philox.
 */
public final class MersenneTwister {
    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    public MersenneTwister(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUnsigned32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }
}
