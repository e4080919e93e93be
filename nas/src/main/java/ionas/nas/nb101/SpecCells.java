package ionas.nas.nb101;

/** Cells the spec uses as test vectors, for tests and benchmarks that need a known, realistic cell. */
public final class SpecCells {
    private SpecCells() {}

    /**
     * The README's Inception-like cell (spec test vector 1.4a): a 1x1 and three 3x3 conv-bn-relu
     * branches and a max-pool, seven vertices. The training-step benchmarks train it.
     */
    public static final CellSpec INCEPTION = CellSpec.of(new int[][] {
            {0, 1, 1, 1, 0, 1, 0}, {0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 1, 0, 0},
            {0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}},
            "input", "conv1x1-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu", "maxpool3x3", "output");
}
