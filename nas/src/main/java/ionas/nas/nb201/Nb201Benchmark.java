package ionas.nas.nb201;

import ionas.nas.space.Benchmark;
import ionas.nas.space.CellRecord;
import ionas.nas.space.SpaceOptimum;
import java.util.Optional;

/**
 * The NAS-Bench-201 records as a search's {@link Benchmark} on one data set: a cell's validation
 * accuracy as a fraction (arch2vec divides the benchmark's percentages by 100 as well), no test
 * accuracy, and a cost of {@link #QUERY_COST} per query. The shared records have no training
 * times, so a search's budget on this benchmark is a number of queries, not arch2vec's simulated
 * seconds ({@link Nb201Dataset#arch2vecBudgetSeconds}).
 */
public final class Nb201Benchmark implements Benchmark {
    /** What one query is charged: budgets count queries. */
    public static final double QUERY_COST = 1;
    /**
     * The query budget ionas's NAS-Bench-201 searches default to. It is chosen, not derived:
     * arch2vec's budget is seconds of the benchmark's per-cell training times (12,000 on
     * cifar10-valid: {@link Nb201Dataset#arch2vecBudgetSeconds}), which the shared
     * records do not hold, so how many queries that buys on average cannot be computed here.
     */
    public static final int DEFAULT_QUERIES = 100;

    private final Nb201Records records;
    private final Nb201Dataset dataset;

    public Nb201Benchmark(Nb201Records records, Nb201Dataset dataset) {
        this.records = records;
        this.dataset = dataset;
    }

    public Nb201Dataset dataset() {
        return dataset;
    }

    @Override
    public String source() {
        return records.source() + " (" + dataset.label() + " validation accuracy)";
    }

    @Override
    public boolean contains(String key) {
        return find(key) != null;
    }

    @Override
    public CellRecord record(String key) {
        Nb201Record r = find(key);
        if (r == null) throw new IllegalArgumentException("no NAS-Bench-201 cell '" + key + "' in " + records.source());
        return new CellRecord(r.accuracy(dataset) / 100, Double.NaN, QUERY_COST);
    }

    /** The best validation accuracy of the whole space, when the records hold all of it. */
    @Override
    public Optional<SpaceOptimum> optimum() {
        if (records.size() != Nb201Cell.SPACE_SIZE) return Optional.empty();
        return Optional.of(new SpaceOptimum(Nb201Cell.SPACE_SIZE, records.best(dataset).accuracy(dataset) / 100, Double.NaN));
    }

    private Nb201Record find(String key) {
        try {
            return records.find(Nb201Cell.parse(key));
        } catch (IllegalArgumentException notACell) {
            return null;
        }
    }
}
