package ionas.nas.predict.encoding;

import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import java.util.function.Function;

/**
 * The path encoding of BANANAS (White et al. 2021; naszilla's {@code Cell.encode_paths}): one
 * indicator per possible input-to-output path, a path named by the ops of the vertices it passes.
 * A path through ops {@code o_0 .. o_{L-1}} (conv3x3 = 0, conv1x1 = 1, maxpool3x3 = 2) has index
 * {@code sum_i 3^i (o_i + 1)}, so the empty path (input straight to output) is 0, the one-op
 * paths are 1-3, the two-op paths 4-12, and so on up to the five interior vertices of a
 * NAS-Bench-101 cell: {@code 1 + 3 + 9 + 27 + 81 + 243 = 364} features. A path that occurs
 * twice (through different vertices with the same ops) sets its indicator once, as naszilla's does.
 */
public final class PathEncoding {
    /** The number of op sequences of length 0 to 5 over 3 ops. */
    public static final int FEATURES = 364;

    /** The name results carry. */
    public static final String NAME = "path";

    private PathEncoding() {}

    /**
     * The encoding of the cells whose graphs {@code graphs} finds by hash (null when unknown);
     * {@code source} is what the error for unknown hashes calls it.
     */
    public static CellEncoding of(Function<String, CellSpec> graphs, String source) {
        return new GraphFeatureEncoding(NAME, graphs, source, PathEncoding::features);
    }

    /** The features of one cell. */
    public static double[] features(CellSpec cell) {
        double[] f = new double[FEATURES];
        walk(cell, 0, 0, 1, f);
        return f;
    }

    // depth-first from vertex `at`, having reached it with path index `index`; `weight` = 3^(ops so far)
    private static void walk(CellSpec cell, int at, int index, int weight, double[] f) {
        int out = cell.vertices() - 1;
        for (int next = at + 1; next <= out; next++) {
            if (!cell.edge(at, next)) continue;
            if (next == out) {
                f[index] = 1;
            } else {
                CellOp op = cell.ops().get(next);
                walk(cell, next, index + weight * (op.ordinal() + 1), weight * 3, f);
            }
        }
    }
}
