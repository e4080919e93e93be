package ionas.nas.arch2vec;

/**
 * What the decoder decodes a vertex from.
 *
 * <p>{@link #ARCH2VEC}: the vertex's latent vector z alone, as arch2vec. Vertices that share mu
 * (see {@link DecodingCeiling}) then share z in evaluation mode, and their pair is always decoded
 * as an edge.
 *
 * <p>{@link #POSITIONAL}: z plus a learned vector per vertex index (7 x 16, starting at zero), the
 * same for every cell. Two vertices with the same mu at different places in arch2vec's topological
 * order are decoded from different vectors, so the ceiling no longer binds, while the encoder, and
 * so the embedding, stays arch2vec's.
 *
 * <p>{@link #POSITIONAL_OPS}: the adjacency is decoded from z alone, as arch2vec, and the op decoder
 * adds a learned score per vertex index and op (7 x 5, starting at zero). Decoder samples drawn from
 * the latents' per-position spread often fail validity on their ops alone (the last vertex not
 * decoded as output, an interior one as input or output); a per-index op prior mends those without
 * narrowing the sampled graphs, since the edges, where uniqueness comes from, are decoded as before.
 */
public enum DecoderInput {
    ARCH2VEC,
    POSITIONAL,
    POSITIONAL_OPS;

    /** {@code arch2vec}, {@code positional} or {@code positional-ops}. */
    public static DecoderInput of(String name) {
        return switch (name) {
            case "arch2vec" -> ARCH2VEC;
            case "positional" -> POSITIONAL;
            case "positional-ops" -> POSITIONAL_OPS;
            default -> throw new IllegalArgumentException("unknown arch2vec decoder '" + name + "': expected arch2vec, positional or positional-ops");
        };
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
