package ionas.nas.arch2vec;

import ionas.nas.space.GraphLayout;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.List;

/**
 * What the encoder is given for each of a cell's vertices (7 on NAS-Bench-101).
 *
 * <p>{@link #ARCH2VEC}: the op one-hot alone, as arch2vec. Its GIN then cannot tell apart two
 * vertices that colour refinement cannot (same op, same neighbourhoods), they get the same mu, and
 * the inner-product decoder cannot decode such a cell exactly ({@link DecodingCeiling}).
 *
 * <p>{@link #POSITIONAL}: the op one-hot followed by the one-hot of the vertex's index. arch2vec's
 * vertex order is the cell's topological order, input first and output last with the padding after
 * it, so the index carries meaning, and it makes every vertex of a cell distinguishable: no cell is
 * out of the decoder's reach any more. The decoder and the loss are unchanged.
 *
 * <p>{@link #TIES}: the op one-hot, followed by the vertex index's one-hot only on vertices that
 * share their colour after {@link Arch2Vec#GIN_LAYERS} rounds of colour refinement with another
 * vertex of the cell (the twins and the padding vertices {@link DecodingCeiling} names), and zeros
 * elsewhere. It breaks just the ties behind the ceiling: every vertex becomes distinguishable, while
 * a vertex the GIN could already tell apart is still encoded from the graph alone. The positional
 * features give every vertex its index, so mu carries a large part fixed by the position; the
 * decoder samples drawn from mu's per-position mean and spread then decode to few graphs (mostly the
 * chain 0-1-...-6 with varying ops), which costs uniqueness.
 */
public enum NodeFeatures {
    ARCH2VEC,
    POSITIONAL,
    TIES;

    /** {@code arch2vec}, {@code positional} or {@code ties}. */
    public static NodeFeatures of(String name) {
        return switch (name) {
            case "arch2vec" -> ARCH2VEC;
            case "positional" -> POSITIONAL;
            case "ties" -> TIES;
            default -> throw new IllegalArgumentException("unknown arch2vec encoder '" + name + "': expected arch2vec, positional or ties");
        };
    }

    /** The number of features per vertex of a cell in {@code layout}: the first GIN layer's input size. */
    public int width(GraphLayout layout) {
        return this == ARCH2VEC ? layout.opTypes() : layout.opTypes() + layout.nodes();
    }

    /**
     * The features of a batch of one-hot ops {@code (batch, N, K)} over its adjacency {@code (batch,
     * N, N)} (either triangle or both; only {@link #TIES} reads it, and only NAS-Bench-101's 7 x 5
     * graphs): {@code (batch, N, width(layout))}, on the ops' device.
     */
    public NDArray of(NDArray ops, NDArray adjacency) {
        return switch (this) {
            case ARCH2VEC -> ops;
            case POSITIONAL -> {
                int batch = ops.size(0), nodes = ops.size(1);
                float[] eye = new float[nodes * nodes];
                for (int i = 0; i < nodes; i++) eye[i * nodes + i] = 1;
                NDArray index = NDArray.of(eye, 1, nodes, nodes).to(ops.dtype()).to(ops.device()).expand(batch, nodes, nodes);
                yield NDArray.cat(List.of(ops, index), 2);
            }
            case TIES -> NDArray.cat(List.of(ops, tiedIndices(ops, adjacency)), 2);
        };
    }

    /** Per cell and vertex, the one-hot of the vertex's index if another vertex of its cell has its colour, else zeros. */
    private static NDArray tiedIndices(NDArray ops, NDArray adjacency) {
        int batch = ops.size(0), n = Arch2VecEncoding.NODES, k = Arch2VecEncoding.OP_COUNT;
        if (ops.size(1) != n || ops.size(2) != k || adjacency.size(0) != batch || adjacency.size(1) != n || adjacency.size(2) != n)
            throw new IllegalArgumentException("tie-breaking features: expected ops (batch, " + n + ", " + k + ") and adjacency (batch, " + n + ", " + n
                    + "), got " + Arrays.toString(ops.shape()) + " and " + Arrays.toString(adjacency.shape()));
        float[] o = ops.toFloatArray(), a = adjacency.toFloatArray(), index = new float[batch * n * n];
        for (int b = 0; b < batch; b++) {
            int[] colour = DecodingCeiling.colours(Arrays.copyOfRange(o, b * n * k, (b + 1) * n * k),
                    Arrays.copyOfRange(a, b * n * n, (b + 1) * n * n), Arch2Vec.GIN_LAYERS);
            int[] size = new int[n];
            for (int c : colour) size[c]++;
            for (int i = 0; i < n; i++) if (size[colour[i]] > 1) index[(b * n + i) * n + i] = 1;
        }
        return NDArray.of(index, batch, n, n).to(ops.dtype()).to(ops.device());
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
