package ionas.nas.arch2vec;

import ionas.nas.space.GraphLayout;
import ionas.tensor.NDArray;
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
 */
public enum NodeFeatures {
    ARCH2VEC,
    POSITIONAL;

    /** {@code arch2vec} or {@code positional}. */
    public static NodeFeatures of(String name) {
        return switch (name) {
            case "arch2vec" -> ARCH2VEC;
            case "positional" -> POSITIONAL;
            default -> throw new IllegalArgumentException("unknown arch2vec encoder '" + name + "': expected arch2vec or positional");
        };
    }

    /** The number of features per vertex of a cell in {@code layout}: the first GIN layer's input size. */
    public int width(GraphLayout layout) {
        return this == ARCH2VEC ? layout.opTypes() : layout.opTypes() + layout.nodes();
    }

    /** The features of a batch of one-hot ops {@code (batch, N, K)}: {@code (batch, N, width(layout))}, on the ops' device. */
    public NDArray of(NDArray ops) {
        if (this == ARCH2VEC) return ops;
        int batch = ops.size(0), nodes = ops.size(1);
        float[] eye = new float[nodes * nodes];
        for (int i = 0; i < nodes; i++) eye[i * nodes + i] = 1;
        NDArray index = NDArray.of(eye, 1, nodes, nodes).to(ops.dtype()).to(ops.device()).expand(batch, nodes, nodes);
        return NDArray.cat(List.of(ops, index), 2);
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
