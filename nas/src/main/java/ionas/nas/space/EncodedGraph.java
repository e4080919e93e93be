package ionas.nas.space;

import java.util.Arrays;

/**
 * One cell as a graph VAE reads it: its adjacency ({@code nodes x nodes}) and one-hot op rows
 * ({@code nodes x opTypes}), row-major floats in the sizes of its {@link GraphLayout}.
 */
public record EncodedGraph(GraphLayout layout, float[] adjacency, float[] ops) {
    public EncodedGraph {
        if (adjacency.length != layout.adjacencySize())
            throw new IllegalArgumentException("encoded graph: " + adjacency.length + " adjacency values, the layout " + layout + " has " + layout.adjacencySize());
        if (ops.length != layout.opsSize())
            throw new IllegalArgumentException("encoded graph: " + ops.length + " op values, the layout " + layout + " has " + layout.opsSize());
        adjacency = adjacency.clone();
        ops = ops.clone();
    }

    /** A copy of the adjacency, row-major. */
    @Override
    public float[] adjacency() {
        return adjacency.clone();
    }

    /** A copy of the one-hot op rows, row-major. */
    @Override
    public float[] ops() {
        return ops.clone();
    }

    /** Copies the adjacency to {@code adjacency[adjacencyAt..]} and the op rows to {@code ops[opsAt..]}. */
    public void copyInto(float[] adjacency, int adjacencyAt, float[] ops, int opsAt) {
        System.arraycopy(this.adjacency, 0, adjacency, adjacencyAt, this.adjacency.length);
        System.arraycopy(this.ops, 0, ops, opsAt, this.ops.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedGraph g && layout.equals(g.layout) && Arrays.equals(adjacency, g.adjacency) && Arrays.equals(ops, g.ops);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layout.hashCode() + Arrays.hashCode(adjacency)) + Arrays.hashCode(ops);
    }

    @Override
    public String toString() {
        return "EncodedGraph(" + layout + ", adjacency=" + Arrays.toString(adjacency) + ", ops=" + Arrays.toString(ops) + ")";
    }
}
