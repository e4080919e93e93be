package ionas.nas.search;

import java.util.Arrays;

/**
 * Charges queried cells to a budget and records the {@link Trace}: every query adds the cell's
 * training time and a trace entry; the best-so-far cell changes only on a strictly higher
 * validation accuracy (arch2vec's {@code if r_val > best_val}), and its test accuracy comes along.
 */
public final class TraceRecorder {
    private final SearchTable table;
    private final double budget;
    private int n;
    private int[] cells = new int[64];
    private double[] runtime = new double[64], bestValid = new double[64], bestTest = new double[64],
            regretValid = new double[64], regretTest = new double[64];
    private double spent, bestV, bestT; // arch2vec starts best_val = best_test = 0

    /** @param budget simulated seconds; {@link #budgetSpent()} turns true once the total reaches it */
    public TraceRecorder(SearchTable table, double budget) {
        this.table = table;
        this.budget = budget;
    }

    /** Charges {@code cell}'s training time and appends a trace entry. */
    public void query(int cell) {
        spent += table.trainingTime(cell);
        double v = table.validAccuracy(cell);
        if (v > bestV) {
            bestV = v;
            bestT = table.testAccuracy(cell);
        }
        if (n == cells.length) grow();
        cells[n] = cell;
        runtime[n] = spent;
        bestValid[n] = bestV;
        bestTest[n] = bestT;
        regretValid[n] = table.bestValid() - bestV;
        regretTest[n] = table.bestTest() - bestT;
        n++;
    }

    private void grow() {
        int m = 2 * cells.length;
        cells = Arrays.copyOf(cells, m);
        runtime = Arrays.copyOf(runtime, m);
        bestValid = Arrays.copyOf(bestValid, m);
        bestTest = Arrays.copyOf(bestTest, m);
        regretValid = Arrays.copyOf(regretValid, m);
        regretTest = Arrays.copyOf(regretTest, m);
    }

    /** The training time charged so far. */
    public double spent() {
        return spent;
    }

    /** Whether the charged time has reached the budget ({@code rt >= MAX_BUDGET}). */
    public boolean budgetSpent() {
        return spent >= budget;
    }

    public int queries() {
        return n;
    }

    public Trace trace() {
        return new Trace(Arrays.copyOf(cells, n), Arrays.copyOf(runtime, n), Arrays.copyOf(bestValid, n),
                Arrays.copyOf(bestTest, n), Arrays.copyOf(regretValid, n), Arrays.copyOf(regretTest, n));
    }
}
