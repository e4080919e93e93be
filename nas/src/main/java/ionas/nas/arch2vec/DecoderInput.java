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
 */
public enum DecoderInput {
    ARCH2VEC,
    POSITIONAL;

    /** {@code arch2vec} or {@code positional}. */
    public static DecoderInput of(String name) {
        return switch (name) {
            case "arch2vec" -> ARCH2VEC;
            case "positional" -> POSITIONAL;
            default -> throw new IllegalArgumentException("unknown arch2vec decoder '" + name + "': expected arch2vec or positional");
        };
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
