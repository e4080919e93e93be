package ionas.nas.arch2vec;

import ionas.nas.nb101.GraphHash;
import ionas.nas.space.DecodedGraph;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;
import java.util.HashSet;
import java.util.Set;

/**
 * arch2vec's evaluation metrics (spec 3.7), on flat row-major arrays in a space's
 * {@link GraphLayout}: per cell {@code N x K} op values and {@code N x N} adjacency values (on
 * NAS-Bench-101 N = 7, K = 5; on NAS-Bench-201 8 and 7).
 *
 * <p>Reconstruction ({@code utils.get_accuracy}, after {@code triu(., 1)}):
 * <ul>
 *   <li>op accuracy: the share of all N node rows per cell (padded rows included; their all-zero
 *       target has argmax 0, "input") where the argmax of the prediction equals the argmax of the
 *       target (first maximum wins, as torch);</li>
 *   <li>adjacency accuracy: the share of the N(N-1)/2 strictly-upper-triangle entries per cell where
 *       {@code (p > 0.5) == target};</li>
 *   <li>mean predicted probability on true edges and on upper-triangle non-edges;</li>
 *   <li>identical decoding (the paper's "reconstruction accuracy", App. B; the repository does not
 *       compute it): the share of cells whose N op rows and upper entries are all right by the two
 *       rules above ({@link Reconstruction#identicalShare}); and the share where the op rows of the
 *       cell's real vertices and the upper entries are right, padded rows ignored
 *       ({@link Reconstruction#identicalGraphShare}).</li>
 * </ul>
 * Validity / uniqueness of decoder samples ({@code pretraining_nasbench101.py},
 * {@code pretraining_nasbench201.py}): the space's {@link GraphEncoding#validKey} judges each
 * decoded graph; uniqueness = distinct keys / number valid. On NAS-Bench-101 a sample is valid when
 * {@link Arch2VecEncoding#isValidSample} accepts it and its key is the fingerprint of the
 * <em>unpruned</em> decoded 7-vertex graph with its argmax op labels.
 */
public final class Arch2VecMetrics {
    /** Running sums of the reconstruction metrics over batches. */
    public static final class Reconstruction {
        private final int nodes, opTypes;
        long cells, opRows, opCorrect, adjEntries, adjCorrect, identical, identicalGraphs, edges, nonEdges;
        double edgeProb, nonEdgeProb;

        /** Empty sums for cells of {@code layout}. */
        public Reconstruction(GraphLayout layout) {
            nodes = layout.nodes();
            opTypes = layout.opTypes();
        }

        /**
         * Adds {@code batch} cells: predictions {@code opsHat, adjHat} (probabilities) and the 0/1
         * targets {@code ops, adj}; the lower triangles are ignored.
         */
        public Reconstruction add(float[] opsHat, float[] adjHat, float[] ops, float[] adj, int batch) {
            for (int b = 0; b < batch; b++) {
                boolean same = true, sameGraph = true;
                for (int i = 0; i < nodes; i++) {
                    int o = b * nodes * opTypes + i * opTypes;
                    boolean ok = argmax(opsHat, o, opTypes) == argmax(ops, o, opTypes);
                    opRows++;
                    if (ok) opCorrect++;
                    else {
                        same = false;
                        if (!padding(ops, o, opTypes)) sameGraph = false;
                    }
                }
                for (int i = 0; i < nodes; i++)
                    for (int j = i + 1; j < nodes; j++) {
                        int a = b * nodes * nodes + i * nodes + j;
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

    /**
     * Validity and uniqueness of a set of decoded samples: {@code distinct} valid samples by the
     * space's identity ({@link GraphEncoding#validKey}), {@code distinctGraphs} by arch2vec's
     * fingerprint on every space, the graph hash of the whole decoded graph, adjacency and labels
     * ({@code graph_util.hash_module}). On NAS-Bench-101 the two are the same; on NAS-Bench-201 a
     * cell decoded with different adjacencies is one cell but several fingerprints.
     */
    public record Samples(int samples, int valid, int distinct, int distinctGraphs) {
        public double validity() { return valid / (double) samples; }
        /** arch2vec's {@code #distinct / (#valid + 1e-8)}. */
        public double uniqueness() { return distinct / (valid + 1e-8); }
        /** {@code #distinctGraphs / (#valid + 1e-8)}: uniqueness as arch2vec's scripts count it. */
        public double uniquenessOfGraphs() { return distinctGraphs / (valid + 1e-8); }
    }

    /**
     * Judges {@code count} decoded samples (per sample {@code N x K} op scores and {@code N x N}
     * adjacency probabilities, the sizes of {@code encoding}'s layout) by the space's rule.
     */
    public static Samples samples(GraphEncoding<?> encoding, float[] opsHat, float[] adjHat, int count) {
        GraphLayout layout = encoding.layout();
        int opsSize = layout.opsSize(), adjSize = layout.adjacencySize();
        int valid = 0;
        Set<String> seen = new HashSet<>(), graphs = new HashSet<>();
        float[] o = new float[opsSize], a = new float[adjSize];
        for (int s = 0; s < count; s++) {
            System.arraycopy(opsHat, s * opsSize, o, 0, opsSize);
            System.arraycopy(adjHat, s * adjSize, a, 0, adjSize);
            DecodedGraph graph = DecodedGraph.of(layout, a, o);
            String key = encoding.validKey(graph);
            if (key == null) continue;
            valid++;
            seen.add(key);
            // arch2vec hashes the one-hot rows as labels; any one-to-one labelling gives the same distinct count
            graphs.add(GraphHash.hashModule(graph.adjacency(), graph.labels()));
        }
        return new Samples(count, valid, seen.size(), graphs.size());
    }

    private static boolean padding(float[] ops, int off, int k) {
        for (int c = 0; c < k; c++) if (ops[off + c] != 0f) return false;
        return true;
    }

    /** The index of the first maximum of {@code v[off..off+k)}. */
    static int argmax(float[] v, int off, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) if (v[off + c] > v[off + best]) best = c;
        return best;
    }

    private Arch2VecMetrics() {}
}
