package ionas.nas.space;

import ionas.nas.IndexedList;
import java.util.List;

/**
 * A search space: its cells numbered {@code 0..size()-1}, each with a canonical key that names it
 * in benchmark records and files (isomorphic cells share one key, so each index is one
 * architecture), and what the pipeline needs of a cell: its mutations, and its graph encoding, its
 * network and how a run's files record it ({@link CellKind}). Implementations are immutable and
 * safe to share between threads.
 *
 * @param <C> the space's cell type
 */
public interface CellSpace<C> extends CellKind<C> {
    /** The number of cells. */
    int size();

    /** The cell at {@code index}. */
    C cell(int index);

    /** The key of the cell at {@code index}. */
    String key(int index);

    /** The index of the cell with this key, or -1 when no cell of the space has it. */
    int indexOf(String key);

    /** How regularized evolution derives a child from a cell. */
    CellMutation<C> mutation();

    /** The cell with this key; throws, naming the space and the key, when there is none. */
    default C byKey(String key) {
        int i = indexOf(key);
        if (i < 0) throw new IllegalArgumentException(name() + " space (" + size() + " cells): no cell has the key '" + key + "'");
        return cell(i);
    }

    /** All keys in index order, as a read-only list. */
    default List<String> keys() {
        return IndexedList.of(size(), this::key);
    }

    /** All cells in index order, as a read-only list that builds each cell when asked. */
    default List<C> cells() {
        return IndexedList.of(size(), this::cell);
    }
}
