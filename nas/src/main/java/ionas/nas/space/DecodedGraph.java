package ionas.nas.space;

/**
 * A graph VAE's decoded sample read as arch2vec reads one: an edge {@code i -> j} (i &lt; j) where
 * the decoded probability is above 0.5, and each vertex labelled with the first maximum of its op
 * scores (as torch's argmax). Nothing below or on the diagonal is kept.
 *
 * @param adjacency {@code nodes x nodes}, 0 or 1, strictly upper triangular
 * @param labels the op type of each vertex, {@code 0..opTypes-1}
 */
public record DecodedGraph(GraphLayout layout, int[][] adjacency, int[] labels) {
    /** The threshold above which a decoded adjacency probability is an edge. */
    public static final float EDGE_THRESHOLD = 0.5f;

    /**
     * Reads one sample.
     *
     * @param adjacencyProbs {@code nodes x nodes} probabilities, row-major
     * @param opScores {@code nodes x opTypes} scores or probabilities, row-major
     */
    public static DecodedGraph of(GraphLayout layout, float[] adjacencyProbs, float[] opScores) {
        int n = layout.nodes(), k = layout.opTypes();
        if (adjacencyProbs.length != layout.adjacencySize())
            throw new IllegalArgumentException("decoded graph: " + adjacencyProbs.length + " adjacency values, the layout " + layout + " has " + layout.adjacencySize());
        if (opScores.length != layout.opsSize())
            throw new IllegalArgumentException("decoded graph: " + opScores.length + " op scores, the layout " + layout + " has " + layout.opsSize());
        int[][] m = new int[n][n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) m[i][j] = adjacencyProbs[i * n + j] > EDGE_THRESHOLD ? 1 : 0;
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (opScores[i * k + c] > opScores[i * k + best]) best = c;
            labels[i] = best;
        }
        return new DecodedGraph(layout, m, labels);
    }
}
