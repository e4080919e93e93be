package ionas.tensor;

/**
 * Element types. FLOAT32 is the working type; FLOAT64 exists on the CPU so that gradient checks
 * can take finite differences without drowning in rounding error.
 */
public enum DType {
    FLOAT32(4), FLOAT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
