package ionas.nas.space;

import ionas.nas.random.PythonRandom;

/**
 * How regularized evolution derives children from a parent cell in a space. A search over a table
 * of cells draws children until one is in the table, so the draws come one at a time.
 *
 * @param <C> the space's cell type
 */
public interface CellMutation<C> {
    /**
     * The children of {@code parent}. Making them may draw from {@code rng} (once, before the
     * first child); every child drawn then draws from the same generator.
     */
    Children children(C parent, PythonRandom rng);

    /** Successive random children of one parent. */
    @FunctionalInterface
    interface Children {
        /** The canonical key of the next child drawn, or null when the draw is not a cell of the space. */
        String next(PythonRandom rng);
    }
}
