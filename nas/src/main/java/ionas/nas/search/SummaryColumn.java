package ionas.nas.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a search's {@code summary.csv}, in file order: one row per embedding label and
 * algorithm, with the mean final regrets at 1e6 simulated seconds and where the final cells rank
 * ({@link FinalCellRanks}). The search command writes the file and the report reads it back, both
 * by these names.
 *
 * <p>The last three columns came later: readers find columns by name, so files written before them
 * still read (their cells are simply absent).
 */
public enum SummaryColumn {
    LABEL, ALGORITHM, RUNS,
    FINAL_VALIDATION_REGRET_MEAN, FINAL_VALIDATION_REGRET_SE, FINAL_TEST_REGRET_MEAN, FINAL_TEST_REGRET_SE,
    MEAN_QUERIES, MEAN_WALL_SECONDS_PER_RUN,
    FOUND_BEST_SHARE, FINAL_PERCENTILE_MEAN, FINAL_PERCENTILE_MEDIAN;

    /** The file's name in the search's output folder. */
    public static final String FILE = "summary.csv";

    /** The column's name in the header line: the constant's name in lower case. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The header line's names, in file order. */
    public static List<String> headers() {
        return Arrays.stream(values()).map(SummaryColumn::header).toList();
    }

    /**
     * One row's cells in file order, from cells given by column.
     *
     * @throws IllegalArgumentException when a column has no cell
     */
    public static List<Object> row(Map<SummaryColumn, ?> cells) {
        List<Object> row = new ArrayList<>();
        for (SummaryColumn c : values()) {
            if (!cells.containsKey(c)) throw new IllegalArgumentException("no cell for column " + c.header());
            row.add(cells.get(c));
        }
        return row;
    }

    /** The mean final regret on test or validation accuracy. */
    public static SummaryColumn regretMean(boolean test) {
        return test ? FINAL_TEST_REGRET_MEAN : FINAL_VALIDATION_REGRET_MEAN;
    }

    /** The standard error of {@link #regretMean}. */
    public static SummaryColumn regretSe(boolean test) {
        return test ? FINAL_TEST_REGRET_SE : FINAL_VALIDATION_REGRET_SE;
    }
}
