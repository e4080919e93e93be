package ionas.nas.space;

/**
 * How a graph VAE reads a cell of a space: the padded adjacency and one-hot op rows of
 * {@link #layout()}'s sizes, and how the space judges a graph the VAE decodes (the validity and
 * uniqueness of decoder samples).
 *
 * @param <C> the space's cell type
 */
public interface GraphEncoding<C> {
    /** The sizes every encoded cell has. */
    GraphLayout layout();

    /** The cell's encoding. */
    EncodedGraph encode(C cell);

    /**
     * The identity of a decoded sample that the space's validity rule accepts, or null when the
     * rule rejects it. The uniqueness of decoder samples is the number of distinct identities over
     * the number of valid samples.
     */
    String validKey(DecodedGraph graph);
}
