package ionas.nas.space;

/**
 * The shape of a space's graph encoding: every cell becomes a {@code nodes x nodes} adjacency
 * matrix and {@code nodes x opTypes} one-hot operation rows, padded to these sizes. The space
 * defines them (NAS-Bench-101 in arch2vec: 7 nodes, 5 op types; NAS-Bench-201: operations as
 * nodes), and a graph VAE's input and output sizes follow.
 */
public record GraphLayout(int nodes, int opTypes) {
    public GraphLayout {
        if (nodes < 2) throw new IllegalArgumentException("graph layout: needs at least 2 nodes, got " + nodes);
        if (opTypes < 1) throw new IllegalArgumentException("graph layout: needs at least 1 op type, got " + opTypes);
    }

    /** The values of one adjacency matrix: {@code nodes * nodes}. */
    public int adjacencySize() {
        return nodes * nodes;
    }

    /** The values of one cell's op rows: {@code nodes * opTypes}. */
    public int opsSize() {
        return nodes * opTypes;
    }
}
