package ionas.nas.search;

/**
 * A search over a {@link SearchTable} with a budget of simulated training seconds. A run depends
 * only on the table and the seed, and runs on the calling thread, so runs of different seeds can
 * go in parallel.
 */
public interface SearchAlgorithm {
    /** arch2vec's {@code MAX_BUDGET} (spec 3.9, 3.14); the paper's curves are cut at 1e6 s. */
    double ARCH2VEC_BUDGET = 1.5e6;

    /** A short name for files and plots, such as {@code reinforce}. */
    String name();

    /**
     * Every setting a run depends on besides the table and the seed, as text: recorded beside the
     * runs, so that a folder of runs made with other settings is not taken for this call's.
     */
    String settings();

    /**
     * Whether the algorithm named {@code name} reads the embeddings. Random search and regularized
     * evolution do not: their runs are the same on every embedding file, so one set of them serves
     * every label.
     */
    static boolean usesEmbeddings(String name) {
        return !name.equals(RandomSearch.NAME) && !name.equals(RegularizedEvolution.NAME);
    }

    /** One run with this seed. */
    Trace run(SearchTable table, int seed);
}
