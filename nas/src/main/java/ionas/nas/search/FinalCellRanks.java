package ionas.nas.search;

import java.util.Arrays;
import java.util.List;

/**
 * Where the cell a search run ends on ranks among all cells of its table.
 *
 * <p>Mean final regret alone can flatter a search when the best cells are nearly tied: on the
 * 20,001-cell records the second-best cell is 0.0001 below the best, so runs that all stop one cell
 * short of the optimum still average a regret of about 0.0001, which reads as "solved". The share of
 * runs that found the best cell and the percentile rank of each run's final cell say what the
 * regret hides.
 *
 * <p>Both are measured on validation accuracy, the reward every search maximises, and need only
 * accuracies, not cell indices, so the runs of any embedding of the same records can be ranked
 * against one table.
 */
public final class FinalCellRanks {
    private final double[] sorted; // validation accuracy of every cell, ascending

    /**
     * The cell one run ends on.
     *
     * @param validAccuracy its validation accuracy, NaN for a run that made no query
     * @param best          whether no cell of the table has a higher accuracy (ties with the best count)
     * @param percentile    percent of the table's cells whose accuracy is at most this one: 100 for
     *                      the best cell, 50 for the median one, NaN for a run that made no query
     */
    public record FinalCell(double validAccuracy, boolean best, double percentile) {}

    /**
     * Many runs' final cells.
     *
     * @param runs             runs counted
     * @param foundBest        runs that ended on a best cell
     * @param meanPercentile   mean of the runs' percentiles (runs without a query left out), NaN when none
     * @param medianPercentile their median, NaN when none
     */
    public record Summary(int runs, int foundBest, double meanPercentile, double medianPercentile) {
        /** The share of runs that ended on a best cell, NaN without runs. */
        public double foundBestShare() {
            return runs == 0 ? Double.NaN : (double) foundBest / runs;
        }
    }

    /** @param validAccuracies the validation accuracy of every cell of the table (not modified) */
    public FinalCellRanks(double[] validAccuracies) {
        if (validAccuracies.length == 0) throw new IllegalArgumentException("cannot rank against an empty table");
        sorted = validAccuracies.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) throw new IllegalArgumentException("validation accuracies must not be NaN");
    }

    /** Ranks against every cell of {@code table}. */
    public static FinalCellRanks of(SearchTable table) {
        double[] v = new double[table.size()];
        for (int i = 0; i < v.length; i++) v[i] = table.validAccuracy(i);
        return new FinalCellRanks(v);
    }

    /** The rank of a cell with validation accuracy {@code validAccuracy}. */
    public FinalCell rank(double validAccuracy) {
        if (Double.isNaN(validAccuracy)) return new FinalCell(Double.NaN, false, Double.NaN);
        return new FinalCell(validAccuracy, validAccuracy >= sorted[sorted.length - 1], 100.0 * atMost(validAccuracy) / sorted.length);
    }

    /**
     * The cell a run ends on when it is cut at {@code time}, by the same rule as its final regret
     * ({@link Trace#validRegretAfter}): the incumbent after the first query past that time.
     */
    public FinalCell finalCell(Trace trace, double time) {
        return rank(trace.bestValidAfter(time));
    }

    /** Counts and averages the final cells of many runs. */
    public static Summary summarise(List<FinalCell> cells) {
        int best = 0;
        double[] p = new double[cells.size()];
        int n = 0;
        for (FinalCell c : cells) {
            if (c.best()) best++;
            if (!Double.isNaN(c.percentile())) p[n++] = c.percentile();
        }
        if (n == 0) return new Summary(cells.size(), best, Double.NaN, Double.NaN);
        p = Arrays.copyOf(p, n);
        Arrays.sort(p);
        double mean = Arrays.stream(p).sum() / n;
        double median = n % 2 == 1 ? p[n / 2] : (p[n / 2 - 1] + p[n / 2]) / 2;
        return new Summary(cells.size(), best, mean, median);
    }

    /** How many cells have an accuracy at most {@code x}. */
    private int atMost(double x) {
        return Trace.upperBound(sorted, x);
    }
}
