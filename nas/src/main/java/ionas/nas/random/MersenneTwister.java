package ionas.nas.random;

/**
 * MT19937, the 32-bit Mersenne Twister of Matsumoto and Nishimura, with both of its reference
 * seedings: {@code init_genrand} (a 32-bit seed, as NumPy's legacy {@code RandomState(seed)}) and
 * {@code init_by_array} (a key of 32-bit words, as CPython's {@code random.seed(n)}). It is here
 * only to reproduce the reference code's Python randomness (see {@link NumpyRandomState} and
 * {@link PythonRandom}); ionas' own randomness is Philox.
 */
public final class MersenneTwister {
    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** {@code init_genrand(seed)}; only the low 32 bits of the seed are used. */
    public MersenneTwister(long seed) {
        initGenrand((int) seed);
    }

    private MersenneTwister(int[] key) {
        if (key.length == 0) throw new IllegalArgumentException("init_by_array needs a key of at least one word");
        initGenrand(19650218);
        int i = 1, j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) j = 0;
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000; // guarantees a non-zero state whatever the key
        index = N;
    }

    /**
     * {@code init_by_array(key)} of the reference {@code mt19937ar.c}, which CPython's
     * {@code random.seed} and NumPy's array seeding use; each int is one unsigned 32-bit word.
     */
    public static MersenneTwister byArray(int[] key) {
        return new MersenneTwister(key.clone());
    }

    private void initGenrand(int s) {
        mt[0] = s;
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

    /**
     * A double in [0, 1) from two outputs with 53 random bits ({@code genrand_res53}): CPython's
     * {@code random()} and NumPy's legacy {@code random_sample()}.
     */
    public double nextDouble() {
        long a = nextUnsigned32() >>> 5, b = nextUnsigned32() >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        index = 0;
    }
}
