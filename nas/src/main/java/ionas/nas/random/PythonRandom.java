package ionas.nas.random;

/**
 * The parts of CPython's {@code random} module that arch2vec's REINFORCE uses to pick its first
 * cell, reproduced number for number: {@code random.seed(int)}, {@code getrandbits(k)},
 * {@code randrange}/{@code randint} and {@code random()}.
 *
 * <p>CPython and NumPy both run MT19937, but they seed it differently: NumPy's
 * {@code RandomState(seed)} uses {@code init_genrand(seed)}, while {@code random.seed(n)} splits
 * {@code |n|} into 32-bit words (least significant first; {@code [0]} for 0) and feeds them to
 * {@code init_by_array} ({@link MersenneTwister#byArray}). Bounded integers also differ: CPython
 * draws {@code k = bit_length(n)} bits ({@code getrandbits(k)} = the top k bits of one 32-bit
 * output) and rejects values {@code >= n},
 * where NumPy masks. Hence a separate class rather than {@link ionas.nas.random.NumpyRandomState}.
 * Checked against CPython 3.11 in the tests.
 */
public final class PythonRandom {
    private final MersenneTwister mt;

    /** {@code random.seed(seed)} for an integer seed. */
    public PythonRandom(long seed) {
        long a = Math.abs(seed); // CPython seeds with abs(n)
        int[] key = (a >>> 32) == 0 ? new int[] {(int) a} : new int[] {(int) a, (int) (a >>> 32)};
        mt = MersenneTwister.byArray(key);
    }

    /** {@code getrandbits(k)} for 1 &lt;= k &lt;= 32. */
    public long getrandbits(int k) {
        if (k < 1 || k > 32) throw new IllegalArgumentException("getrandbits here supports 1..32 bits, not " + k);
        return mt.nextUnsigned32() >>> (32 - k);
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
        return mt.nextDouble();
    }
}
