package ionas.nas.nb201;

/**
 * The five operations an edge of a NAS-Bench-201 cell can carry, in the benchmark's own order
 * (NAS-Bench-201's {@code NAS_BENCH_201} list), which is also the order of the base-5 digits of
 * {@link Nb201Cell#ordinal()}.
 */
public enum Nb201Op {
    /** No connection: the edge contributes zeros. */
    NONE("none"),
    /** The identity. */
    SKIP_CONNECT("skip_connect"),
    /** ReLU, 1x1 convolution, batch norm. */
    NOR_CONV_1X1("nor_conv_1x1"),
    /** ReLU, 3x3 convolution, batch norm. */
    NOR_CONV_3X3("nor_conv_3x3"),
    /** 3x3 average pooling, stride 1, padding not counted. */
    AVG_POOL_3X3("avg_pool_3x3");

    private final String label;

    Nb201Op(String label) {
        this.label = label;
    }

    /** The name in the benchmark's architecture strings. */
    public String label() {
        return label;
    }

    /** Parses a benchmark op name, with a clear error for anything else. */
    public static Nb201Op parse(String label) {
        for (Nb201Op op : values()) if (op.label.equals(label)) return op;
        throw new IllegalArgumentException("unknown NAS-Bench-201 op '" + label
                + "': expected none, skip_connect, nor_conv_1x1, nor_conv_3x3 or avg_pool_3x3");
    }
}
