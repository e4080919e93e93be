package ionas.nas.nb101.data;

import java.util.Locale;

/**
 * Simulated search cost: the training seconds of the architectures queried so far (the official
 * API's {@code training_time_spent}; arch2vec's {@code rt}, whose runs stop at {@code 1.5e6} s).
 *
 * <p>A limit is optional. With {@link #throwing(double)} the charge that takes the total past the
 * limit is recorded and then {@link BudgetExceededException} is thrown; with {@link #reporting(double)}
 * nothing is thrown and {@link #exceeded()} tells. Not thread-safe.
 */
public final class BudgetCounter {
    private final double limit;
    private final boolean throwOnExceed;
    private double spent;
    private long queries;

    private BudgetCounter(double limit, boolean throwOnExceed) {
        if (Double.isNaN(limit) || limit < 0) throw new IllegalArgumentException("budget limit must be >= 0 seconds, got " + limit);
        this.limit = limit;
        this.throwOnExceed = throwOnExceed;
    }

    /** No limit. */
    public static BudgetCounter unlimited() {
        return new BudgetCounter(Double.POSITIVE_INFINITY, false);
    }

    /** A limit that {@link #charge} throws past. */
    public static BudgetCounter throwing(double limitSeconds) {
        return new BudgetCounter(limitSeconds, true);
    }

    /** A limit that is only reported by {@link #exceeded()}. */
    public static BudgetCounter reporting(double limitSeconds) {
        return new BudgetCounter(limitSeconds, false);
    }

    /** Adds one query's training seconds; throws past a throwing limit (the charge stays recorded). */
    public void charge(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0)
            throw new IllegalArgumentException("cannot charge " + seconds + " training seconds to the budget");
        spent += seconds;
        queries++;
        if (throwOnExceed && spent > limit)
            throw new BudgetExceededException(String.format(Locale.ROOT,
                    "time budget exceeded: %.1f s spent by %d queries, limit %.1f s", spent, queries, limit));
    }

    public double spent() {
        return spent;
    }

    public long queries() {
        return queries;
    }

    public double limit() {
        return limit;
    }

    /** Seconds left before the limit (negative once past it; infinite without a limit). */
    public double remaining() {
        return limit - spent;
    }

    public boolean exceeded() {
        return spent > limit;
    }

    /** Back to zero seconds and zero queries (the official API's reset_budget_counters). */
    public void reset() {
        spent = 0;
        queries = 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BudgetCounter(spent %.1f s, %d queries, limit %s)", spent, queries,
                Double.isInfinite(limit) ? "none" : String.format(Locale.ROOT, "%.1f s%s", limit, throwOnExceed ? ", throws" : ""));
    }
}
