package ionas.nas.search;

import ionas.nas.random.PythonRandom;

/**
 * How regularized evolution proposes cells of a table: a random cell for the initial population,
 * and a child of a parent. Implementations must draw only from the given generator.
 */
public interface Mutation {
    /** A random cell of the table. */
    int randomCell(PythonRandom rng);

    /** A cell derived from {@code parent} (may equal it when no different valid child was found). */
    int mutate(int parent, PythonRandom rng);
}
