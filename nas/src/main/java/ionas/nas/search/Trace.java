package ionas.nas.search;

import java.util.Arrays;

/**
 * What one search run queried, one entry per charged query, in order (arch2vec's output JSON,
 * spec 3.9, plus the best accuracies and the cells): after query {@code k} the cumulative training
 * time, the best validation accuracy so far and the test accuracy of that same cell, and the
 * regrets {@code reference - best}. Test entries are NaN when the table has no test accuracies.
 *
 * <p>The arrays are not copied; treat them as read-only.
 */
public record Trace(int[] cells, double[] runtime, double[] bestValid, double[] bestTest,
                    double[] regretValid, double[] regretTest) {
    public Trace {
        int n = cells.length;
        if (runtime.length != n || bestValid.length != n || bestTest.length != n || regretValid.length != n || regretTest.length != n)
            throw new IllegalArgumentException("trace columns have different lengths");
    }

    /** The number of charged queries. */
    public int length() {
        return cells.length;
    }

    /** The total training time charged. */
    public double totalTime() {
        return cells.length == 0 ? 0 : runtime[cells.length - 1];
    }

    /**
     * The test regret at the first query whose cumulative time exceeds {@code time}, or at the last
     * query when none does (arch2vec's {@code plot_cdf.py} with {@code time = 1e6}).
     */
    public double testRegretAfter(double time) {
        return valueAfter(regretTest, time);
    }

    /** As {@link #testRegretAfter}, for the validation regret. */
    public double validRegretAfter(double time) {
        return valueAfter(regretValid, time);
    }

    /**
     * The best validation accuracy found by the same query as {@link #validRegretAfter}: the
     * accuracy of the cell the run ends on when it is cut at {@code time}.
     */
    public double bestValidAfter(double time) {
        return valueAfter(bestValid, time);
    }

    private double valueAfter(double[] values, double time) {
        if (cells.length == 0) return Double.NaN;
        for (int k = 0; k < cells.length; k++) if (runtime[k] > time) return values[k];
        return values[cells.length - 1];
    }

    /**
     * The regret in force at {@code time} (a step function: the value after the last query that
     * finished by then), NaN before the first query.
     */
    public double testRegretAt(double time) {
        return valueAt(regretTest, time);
    }

    /** As {@link #testRegretAt}, for the validation regret. */
    public double validRegretAt(double time) {
        return valueAt(regretValid, time);
    }

    private double valueAt(double[] values, double time) {
        int k = upperBound(runtime, time) - 1;
        return k < 0 ? Double.NaN : values[k];
    }

    /** How many values of ascending {@code sorted} are at most {@code x}. */
    static int upperBound(double[] sorted, double x) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trace t && Arrays.equals(cells, t.cells) && Arrays.equals(runtime, t.runtime)
                && Arrays.equals(bestValid, t.bestValid) && Arrays.equals(bestTest, t.bestTest)
                && Arrays.equals(regretValid, t.regretValid) && Arrays.equals(regretTest, t.regretTest);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cells) + Arrays.hashCode(runtime);
    }

    @Override
    public String toString() {
        return "Trace(" + length() + " queries, " + totalTime() + " s, final regrets valid "
                + (length() == 0 ? "-" : regretValid[length() - 1] + ", test " + regretTest[length() - 1]) + ")";
    }
}
