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

    /** {@code NxK}, as checkpoints record a layout ({@link #parse} reads it). */
    public String name() {
        return nodes + "x" + opTypes;
    }

    /** The layout {@link #name} wrote. */
    public static GraphLayout parse(String name) {
        String[] parts = name.split("x", -1);
        try {
            if (parts.length == 2) return new GraphLayout(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("graph layout '" + name + "': expected NODESxOPTYPES, such as 7x5");
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
