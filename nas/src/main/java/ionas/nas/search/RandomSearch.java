package ionas.nas.search;

import ionas.nas.random.NumpyRandomState;

/**
 * Random search over a table: cells in the order of NumPy's {@code RandomState(seed).permutation(N)}
 * (uniform, without repetition, reproducible from Python), each charged, until the budget is spent
 * or the table is exhausted. The budget test follows arch2vec's loops (stop once spent &gt;= budget).
 *
 * <p>arch2vec has no random search of its own (its plot reads NAS-Bench-101's "Encoding A" curve,
 * which samples random graphs with replacement); sampling table cells without replacement is the
 * fair baseline on the same table.
 */
public final class RandomSearch implements SearchAlgorithm {
    /** The name of its files and plots. */
    public static final String NAME = "random";

    private final double budget;

    public RandomSearch(double budget) {
        this.budget = budget;
    }

    public RandomSearch() {
        this(ARCH2VEC_BUDGET);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String settings() {
        return "budget=" + budget;
    }

    @Override
    public Trace run(SearchTable table, int seed) {
        int[] order = new NumpyRandomState(seed).permutation(table.size());
        TraceRecorder rec = new TraceRecorder(table, budget);
        for (int k = 0; k < order.length && !rec.budgetSpent(); k++) rec.query(order[k]);
        return rec.trace();
    }
}
