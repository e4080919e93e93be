package ionas.benchmarks;

import java.util.SplittableRandom;

/** Benchmark inputs: fixed-seed random data, so every run (and every fork) sees the same numbers. */
final class BenchData {
    /** The seed every benchmark input is drawn from. */
    static final long SEED = 42;

    private BenchData() {}

    /** {@code size} floats uniform in [-1, 1), from a generator seeded with {@code SEED + stream}. */
    static float[] uniform(int size, long stream) {
        SplittableRandom random = new SplittableRandom(SEED + stream);
        float[] data = new float[size];
        for (int i = 0; i < size; i++) data[i] = (float) (2 * random.nextDouble() - 1);
        return data;
    }
}
