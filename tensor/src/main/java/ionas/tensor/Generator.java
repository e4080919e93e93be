package ionas.tensor;

/**
 * A seeded source of random tensors, with the state PyTorch's Philox generator has: a seed and an
 * offset into the seed's stream. Each draw of {@code n} numbers takes the next {@code n} stream
 * positions, so results depend only on the seed and the sequence of draws, not on the device or
 * on how many threads computed them.
 */
public final class Generator {
    private final long seed;
    private long offset;

    public Generator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The stream position the next draw starts at. */
    public long offset() {
        return offset;
    }

    /** Continues an interrupted run: the next draw starts at {@code offset}. */
    public void setOffset(long offset) {
        if (offset < 0) throw new IllegalArgumentException("generator offset must be >= 0, not " + offset);
        this.offset = offset;
    }

    /** Reserves {@code n} stream positions and returns the first. */
    public long advance(long n) {
        long start = offset;
        offset += n;
        return start;
    }

    @Override
    public String toString() {
        return "Generator(seed=" + seed + ", offset=" + offset + ")";
    }
}
