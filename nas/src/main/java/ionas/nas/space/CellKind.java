package ionas.nas.space;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a run needs of one space's cells without the enumerated space: the space's name, a cell's
 * key and file name, its graph encoding and network, and the fields that record the cell in a
 * run's files (a pretrained network's metrics, the IO dataset's manifest) and read it back. Pretraining and the IO dataset work with a kind, so that they handle
 * a list of cells without enumerating NAS-Bench-101's 423,624.
 *
 * @param <C> the space's cell type
 */
public interface CellKind<C> {
    /** The space's name in messages and files, such as {@code NAS-Bench-101}. */
    String name();

    /** The canonical key of a cell (the same for every cell isomorphic to it where the space merges those). */
    String keyOf(C cell);

    /**
     * A name for the cell's files and folders, unique in the space and safe in a path: the key
     * itself where it is (the default), else something the key maps to one to one.
     */
    default String fileName(C cell) {
        return keyOf(cell);
    }

    /** How a graph VAE reads a cell of this space. */
    GraphEncoding<C> encoding();

    /** The network trained for a cell. */
    CellNetworks<C> networks();

    /**
     * The fields that record {@code cell} in a JSON file, in a fixed order, made of JSON values
     * (strings, numbers, lists): NAS-Bench-101's adjacency matrix and op labels, NAS-Bench-201's
     * architecture string. {@link #read} gives the cell back from an object holding them.
     */
    Map<String, Object> describe(C cell);

    /**
     * The cell that {@code fields} (an object holding {@link #describe}'s fields, and possibly
     * others) describes.
     *
     * @throws IllegalArgumentException naming the field that is missing or does not describe a cell
     */
    C read(JsonNode fields);
}
