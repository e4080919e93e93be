package ionas.nas.space;

/**
 * How a graph VAE reads a cell of a space: the padded adjacency and one-hot op rows of
 * {@link #layout()}'s sizes.
 *
 * @param <C> the space's cell type
 */
public interface GraphEncoding<C> {
    /** The sizes every encoded cell has. */
    GraphLayout layout();

    /** The cell's encoding. */
    EncodedGraph encode(C cell);
}
