package ionas.nas.search;

/**
 * The parts of CPython's {@code random} module that arch2vec's REINFORCE uses to pick its first
 * cell, reproduced number for number: {@code random.seed(int)}, {@code getrandbits(k)},
 * {@code randrange}/{@code randint} and {@code random()}.
 *
 * <p>CPython and NumPy both run MT19937, but they seed it differently: NumPy's
 * {@code RandomState(seed)} uses {@code init_genrand(seed)}, while {@code random.seed(n)} splits
 * {@code |n|} into 32-bit words (least significant first; {@code [0]} for 0) and feeds them to
 * {@code init_by_array}. Bounded integers also differ: CPython draws {@code k = bit_length(n)} bits
 * ({@code getrandbits(k)} = the top k bits of one 32-bit output) and rejects values {@code >= n},
 * where NumPy masks. Hence a separate class rather than {@link ionas.nas.random.NumpyRandomState}.
 * Checked against CPython 3.11 in the tests.
 */
public final class PythonRandom {
    private static final int N = 624, M = 397;
    private static final int MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

    private final int[] mt = new int[N];
    private int index;

    /** {@code random.seed(seed)} for an integer seed. */
    public PythonRandom(long seed) {
        long a = Math.abs(seed); // CPython seeds with abs(n)
        int[] key = (a >>> 32) == 0 ? new int[] {(int) a} : new int[] {(int) a, (int) (a >>> 32)};
        initByArray(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    // init_by_array of mt19937ar.c, as CPython's _randommodule.c has it
    private void initByArray(int[] key) {
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
        mt[0] = 0x80000000; // a non-zero initial state is guaranteed
        index = N;
    }

    private int next32() {
        if (index >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
            }
            index = 0;
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code getrandbits(k)} for 1 <= k <= 32. */
    public long getrandbits(int k) {
        if (k < 1 || k > 32) throw new IllegalArgumentException("getrandbits here supports 1..32 bits, not " + k);
        return (next32() & 0xFFFFFFFFL) >>> (32 - k);
    }

    /** {@code _randbelow(n)}: uniform in [0, n) by rejection on {@code bit_length(n)} bits, n in [1, 2^32). */
    public long randbelow(long n) {
        if (n <= 0 || n > 0xFFFFFFFFL) throw new IllegalArgumentException("randbelow needs 0 < n < 2^32, not " + n);
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) r = getrandbits(k);
        return r;
    }

    /** {@code randint(a, b)}: uniform in [a, b], both ends included. */
    public long randint(long a, long b) {
        if (b < a) throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
        return a + randbelow(b - a + 1);
    }

    /** {@code random()}: a double in [0, 1) with 53 random bits ({@code genrand_res53}). */
    public double random() {
        long a = (next32() & 0xFFFFFFFFL) >>> 5, b = (next32() & 0xFFFFFFFFL) >>> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }
}
