package ionas.nas.predict.encoding;

import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import java.util.function.Function;

/**
 * The adjacency encoding of BANANAS (White et al. 2021, naszilla's {@code encode_standard}) with
 * the ops one-hot instead of one number each: the 21 entries above the diagonal of the 7 x 7
 * adjacency matrix, row by row, then for each interior vertex 1..5 a one-hot over conv3x3,
 * conv1x1, maxpool3x3 (36 features).
 *
 * <p>A cell of fewer than 7 vertices is padded as the NAS-Bench-101 API pads it: its interior
 * vertices keep their indices, its output moves to vertex 6, and the vertices in between have
 * no edges and no op (an all-zero one-hot), so every cell's output is the same column.
 */
public final class AdjacencyEncoding {
    /** 21 edges and 5 x 3 op indicators. */
    public static final int FEATURES = 21 + 5 * 3;

    private static final int V = CellSpec.MAX_VERTICES;

    /** The name results carry. */
    public static final String NAME = "adjacency";

    private AdjacencyEncoding() {}

    /**
     * The encoding of the cells whose graphs {@code graphs} finds by hash (null when unknown);
     * {@code source} is what the error for unknown hashes calls it.
     */
    public static CellEncoding of(Function<String, CellSpec> graphs, String source) {
        return new GraphFeatureEncoding(NAME, graphs, source, AdjacencyEncoding::features);
    }

    /** The features of one cell. */
    public static double[] features(CellSpec cell) {
        int v = cell.vertices();
        int[] at = new int[v]; // where each vertex sits in the padded 7-vertex cell
        for (int i = 0; i < v - 1; i++) at[i] = i;
        at[v - 1] = V - 1;
        int[][] padded = new int[V][V];
        for (int i = 0; i < v; i++) for (int j = 0; j < v; j++) if (cell.edge(i, j)) padded[at[i]][at[j]] = 1;
        double[] f = new double[FEATURES];
        int k = 0;
        for (int i = 0; i < V; i++) for (int j = i + 1; j < V; j++) f[k++] = padded[i][j];
        for (int i = 1; i < v - 1; i++) {
            CellOp op = cell.ops().get(i);
            f[k + 3 * (at[i] - 1) + op.ordinal()] = 1; // interior ops are the first three CellOps
        }
        return f;
    }
}
