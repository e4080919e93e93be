package ionas.nas.arch2vec;

import ionas.nas.nb101.GraphHash;
import java.util.HashSet;
import java.util.Set;

/**
 * arch2vec's evaluation metrics (spec 3.7), on flat row-major arrays: per cell 35 op values
 * ({@code 7x5}) and 49 adjacency values ({@code 7x7}).
 *
 * <p>Reconstruction ({@code utils.get_accuracy}, after {@code triu(., 1)}):
 * <ul>
 *   <li>op accuracy: the share of all 7 node rows per cell (padded rows included; their all-zero
 *       target has argmax 0, "input") where the argmax of the prediction equals the argmax of the
 *       target (first maximum wins, as torch);</li>
 *   <li>adjacency accuracy: the share of the 21 strictly-upper-triangle entries per cell where
 *       {@code (p > 0.5) == target};</li>
 *   <li>mean predicted probability on true edges and on upper-triangle non-edges;</li>
 *   <li>identical decoding (the paper's "reconstruction accuracy", App. B; the repository does not
 *       compute it): the share of cells whose 7 op rows and 21 upper entries are all right by the two
 *       rules above ({@link Reconstruction#identicalShare}); and the share where the op rows of the
 *       cell's real vertices and the 21 upper entries are right, padded rows ignored
 *       ({@link Reconstruction#identicalGraphShare}).</li>
 * </ul>
 * Validity / uniqueness of decoder samples ({@code pretraining_nasbench101.py}): a sample is valid
 * when {@link Arch2VecEncoding#isValidSample} accepts it; uniqueness = distinct fingerprints of the
 * <em>unpruned</em> decoded 7-vertex graph with its argmax op labels / number valid.
 */
public final class Arch2VecMetrics {
    private static final int N = Arch2VecEncoding.NODES, K = Arch2VecEncoding.OP_COUNT;

    /** Running sums of the reconstruction metrics over batches. */
    public static final class Reconstruction {
        long cells, opRows, opCorrect, adjEntries, adjCorrect, identical, identicalGraphs, edges, nonEdges;
        double edgeProb, nonEdgeProb;

        /**
         * Adds {@code batch} cells: predictions {@code opsHat, adjHat} (probabilities) and the 0/1
         * targets {@code ops, adj}; the lower triangles are ignored.
         */
        public Reconstruction add(float[] opsHat, float[] adjHat, float[] ops, float[] adj, int batch) {
            for (int b = 0; b < batch; b++) {
                boolean same = true, sameGraph = true;
                for (int i = 0; i < N; i++) {
                    int o = b * N * K + i * K;
                    boolean ok = argmax(opsHat, o) == argmax(ops, o);
                    opRows++;
                    if (ok) opCorrect++;
                    else {
                        same = false;
                        if (!padding(ops, o)) sameGraph = false;
                    }
                }
                for (int i = 0; i < N; i++)
                    for (int j = i + 1; j < N; j++) {
                        int a = b * N * N + i * N + j;
                        boolean edge = adj[a] > 0.5f;
                        adjEntries++;
                        if ((adjHat[a] > 0.5f) == edge) adjCorrect++;
                        else {
                            same = false;
                            sameGraph = false;
                        }
                        if (edge) {
                            edges++;
                            edgeProb += adjHat[a];
                        } else {
                            nonEdges++;
                            nonEdgeProb += adjHat[a];
                        }
                    }
                cells++;
                if (same) identical++;
                if (sameGraph) identicalGraphs++;
            }
            return this;
        }

        public long cells() { return cells; }
        public double opAccuracy() { return opCorrect / (double) opRows; }
        public double adjacencyAccuracy() { return adjCorrect / (double) adjEntries; }
        public double identicalShare() { return identical / (double) cells; }
        /** Like {@link #identicalShare} but ignoring the op rows of padding vertices (the cell's graph and ops decoded right). */
        public double identicalGraphShare() { return identicalGraphs / (double) cells; }
        /** arch2vec's {@code mean_corr_adj}. */
        public double meanEdgeProbability() { return edges == 0 ? Double.NaN : edgeProb / edges; }
        /** arch2vec's {@code mean_fal_pos_adj}. */
        public double meanNonEdgeProbability() { return nonEdges == 0 ? Double.NaN : nonEdgeProb / nonEdges; }
    }

    /** Validity and uniqueness of a set of decoded samples. */
    public record Samples(int samples, int valid, int distinct) {
        public double validity() { return valid / (double) samples; }
        /** arch2vec's {@code #distinct / (#valid + 1e-8)}. */
        public double uniqueness() { return distinct / (valid + 1e-8); }
    }

    /** Judges {@code count} decoded samples (ops 35 and adjacency 49 values each, probabilities). */
    public static Samples samples(float[] opsHat, float[] adjHat, int count) {
        int valid = 0;
        Set<String> seen = new HashSet<>();
        float[] o = new float[N * K], a = new float[N * N];
        for (int s = 0; s < count; s++) {
            System.arraycopy(opsHat, s * N * K, o, 0, N * K);
            System.arraycopy(adjHat, s * N * N, a, 0, N * N);
            if (!Arch2VecEncoding.isValidSample(a, o)) continue;
            valid++;
            int[][] m = new int[N][N];
            for (int i = 0; i < N; i++) for (int j = i + 1; j < N; j++) m[i][j] = a[i * N + j] > 0.5f ? 1 : 0;
            int[] labels = new int[N];
            for (int i = 0; i < N; i++) labels[i] = argmax(o, i * K);
            // arch2vec hashes the one-hot rows as labels; any one-to-one labelling gives the same distinct count
            seen.add(GraphHash.hashModule(m, labels));
        }
        return new Samples(count, valid, seen.size());
    }

    private static boolean padding(float[] ops, int off) {
        for (int k = 0; k < K; k++) if (ops[off + k] != 0f) return false;
        return true;
    }

    /** The index of the first maximum of {@code v[off..off+5)}. */
    static int argmax(float[] v, int off) {
        int best = 0;
        for (int k = 1; k < K; k++) if (v[off + k] > v[off + best]) best = k;
        return best;
    }

    private Arch2VecMetrics() {}
}
