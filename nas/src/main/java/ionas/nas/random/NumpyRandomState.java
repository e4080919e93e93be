package ionas.nas.random;

/**
 * The parts of NumPy's legacy {@code numpy.random.RandomState} that the reference code's data
 * splits use, reproduced number for number: integer seeding, {@code permutation(n)} (a Fisher-Yates
 * shuffle drawing bounded integers by masked rejection) and {@code choice(n, k, replace=False)},
 * which is the first k entries of {@code permutation(n)}. With these, ionas picks the same
 * 1,000 validation images and the same arch2vec batches as the Python code.
 */
public final class NumpyRandomState {
    private final MersenneTwister mt;

    /** {@code RandomState(seed)} (and {@code np.random.seed(seed)}) for a seed in [0, 2^32). */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) throw new IllegalArgumentException("a NumPy seed must be in [0, 2^32), not " + seed);
        mt = new MersenneTwister(seed);
    }

    /** A uniform integer in [0, max], as NumPy's legacy {@code random_interval}. */
    public long interval(long max) {
        if (max == 0) return 0;
        if (max > 0xFFFFFFFFL) throw new UnsupportedOperationException("intervals beyond 2^32 are not needed here");
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = mt.nextUnsigned32() & mask;
        } while (value > max);
        return value;
    }

    /** {@code permutation(n)}: 0..n-1 shuffled. */
    public int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** {@code choice(n, k, replace=False)}: k distinct values of 0..n-1, in NumPy's order. */
    public int[] choiceWithoutReplacement(int n, int k) {
        if (k < 0 || k > n) throw new IllegalArgumentException("cannot choose " + k + " of " + n + " without replacement");
        return java.util.Arrays.copyOf(permutation(n), k);
    }

    /** The next raw 32-bit output, for tests against NumPy. */
    long nextUnsigned32() {
        return mt.nextUnsigned32();
    }
}
