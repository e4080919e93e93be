package ionas.nas.space;

import java.util.Optional;

/**
 * A tabular benchmark of a space: the recorded accuracies and training time of its cells, by key.
 * A search charges a query the cell's training time and reads its accuracies.
 */
public interface Benchmark {
    /** The file (or description) the records came from. */
    String source();

    /** Whether the records hold the cell with this key. */
    boolean contains(String key);

    /** The cell's record: the mean over its repeats at the benchmark's final epoch. Throws when there is none. */
    CellRecord record(String key);

    /**
     * The best accuracies of the whole space as published, which regrets are measured from when a
     * search's table holds all its cells; empty when these records cannot give them.
     */
    Optional<SpaceOptimum> optimum();
}
