package ionas.nas.nb101.data;

import ionas.nas.nb101.CellSpec;
import java.util.Random;

/**
 * Queries against a {@link NasBench} that cost simulated time, like the official API's
 * {@code query}: every answer's training time is charged to a {@link BudgetCounter}, and
 * {@link RepeatMode#RANDOM} draws the repeat from this session's seeded {@link Random}
 * ({@code nextInt(repeats)}, the counterpart of {@code random.randint(0, 2)}; no draw when there
 * is one repeat only). One session per search run; not thread-safe.
 */
public final class QuerySession {
    private final NasBench bench;
    private final Random random;
    private final BudgetCounter budget;

    public QuerySession(NasBench bench, Random random, BudgetCounter budget) {
        this.bench = bench;
        this.random = random;
        this.budget = budget;
    }

    /** The cell's result at 108 epochs, charged. */
    public QueryResult query(String hash, RepeatMode mode) {
        return query(hash, NasBench.DEFAULT_EPOCHS, mode);
    }

    /** The cell's result at {@code epochs}, charged its training time. */
    public QueryResult query(String hash, int epochs, RepeatMode mode) {
        QueryResult r = bench.result(hash, epochs, mode, random);
        if (Double.isNaN(r.trainingTime()))
            throw new IllegalStateException("hash " + hash + " has no training time at " + epochs + " epochs in " + bench.source()
                    + ", so the query cannot be charged to the budget (NasBench.result looks it up without charging)");
        budget.charge(r.trainingTime());
        return r;
    }

    /** The result of a cell, found by its NAS-Bench-101 hash (needs the benchmark's graph hash; see {@link NasBench#withGraphHash}). */
    public QueryResult query(CellSpec cell, RepeatMode mode) {
        return query(bench.requireHash(cell), mode);
    }

    public BudgetCounter budget() {
        return budget;
    }

    public NasBench benchmark() {
        return bench;
    }
}
