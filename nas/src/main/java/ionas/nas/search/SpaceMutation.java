package ionas.nas.search;

import ionas.nas.random.PythonRandom;
import ionas.nas.space.CellMutation;
import ionas.nas.space.CellSpace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * A space's {@link CellMutation} restricted to a table: children are drawn until one is a cell of
 * the table (a child outside it, or not a cell of the space, is redrawn). After {@link #MAX_TRIES}
 * failed draws the parent itself is returned (only on tiny tables). Random cells are drawn
 * uniformly from the table, not as the benchmark's random graphs.
 *
 * @param <C> the space's cell type
 */
public final class SpaceMutation<C> implements Mutation {
    public static final int MAX_TRIES = 10_000;

    private final int size;
    private final IntFunction<C> cellOf;
    private final ToIntFunction<String> indexOfKey;
    private final CellMutation<C> mutation;

    /**
     * @param size the table's cell count
     * @param cellOf the cell of a table index
     * @param indexOfKey the table index of a cell key, or -1
     * @param mutation the space's mutation
     */
    public SpaceMutation(int size, IntFunction<C> cellOf, ToIntFunction<String> indexOfKey, CellMutation<C> mutation) {
        this.size = size;
        this.cellOf = cellOf;
        this.indexOfKey = indexOfKey;
        this.mutation = mutation;
    }

    /** The space's mutation over a table whose cells carry the space's keys. */
    public static <C> SpaceMutation<C> of(SearchTable table, CellSpace<C> space) {
        List<String> keys = table.hashes();
        if (keys.size() != table.size()) throw new IllegalArgumentException("mutation needs a table with cell keys");
        Map<String, Integer> index = new HashMap<>(2 * keys.size());
        for (int i = 0; i < keys.size(); i++) index.put(keys.get(i), i);
        return new SpaceMutation<>(table.size(), i -> space.byKey(keys.get(i)), k -> index.getOrDefault(k, -1), space.mutation());
    }

    @Override
    public int randomCell(PythonRandom rng) {
        return (int) rng.randbelow(size);
    }

    @Override
    public int mutate(int parent, PythonRandom rng) {
        CellMutation.Children children = mutation.children(cellOf.apply(parent), rng);
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            String key = children.next(rng);
            if (key == null) continue;
            int cell = indexOfKey.applyAsInt(key);
            if (cell >= 0) return cell;
        }
        return parent;
    }

    @Override
    public String toString() {
        return "SpaceMutation(" + mutation + ", " + size + " cells)";
    }
}
