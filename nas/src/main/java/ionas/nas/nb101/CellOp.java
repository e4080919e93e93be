package ionas.nas.nb101;

/**
 * The vertex labels of NAS-Bench-101. The interior ops are listed in NAS-Bench-101's canonical
 * order (conv3x3 = 0, conv1x1 = 1, maxpool3x3 = 2), which its graph hash uses as labels.
 */
public enum CellOp {
    CONV3X3("conv3x3-bn-relu"),
    CONV1X1("conv1x1-bn-relu"),
    MAXPOOL3X3("maxpool3x3"),
    INPUT("input"),
    OUTPUT("output");

    private final String label;

    CellOp(String label) {
        this.label = label;
    }

    /** The name NAS-Bench-101 files use. */
    public String label() {
        return label;
    }

    public boolean isInterior() {
        return this != INPUT && this != OUTPUT;
    }

    /** Parses a NAS-Bench-101 op name, with a clear error for anything else. */
    public static CellOp parse(String label) {
        for (CellOp op : values()) if (op.label.equals(label)) return op;
        throw new IllegalArgumentException("unknown NAS-Bench-101 op '" + label
                + "': expected input, output, conv3x3-bn-relu, conv1x1-bn-relu or maxpool3x3");
    }
}
