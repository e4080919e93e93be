package ionas.nas.predict;

import ionas.nas.numeric.Correlation;
import ionas.nas.random.NumpyRandomState;
import ionas.nas.search.SearchTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Predicting accuracy from embeddings (arch2vec's paper section 4.1, observation 2; info-NAS's
 * {@code run_performance_prediction.py}, spec 3.12 and A.5): fit a regressor on n cells (embedding
 * to accuracy), predict every other cell, and report RMSE and Pearson's r on the predicted cells
 * whose true accuracy is above a cut (arch2vec's 0.8 by default,
 * {@link PredictionMetrics#ACCURACY_THRESHOLD}), and Spearman's rho and Kendall's tau-b on all of them.
 *
 * <p>The training cells are {@link #trainingCells}: with {@code np.random.seed(seed)}, the first n
 * of {@code np.random.permutation(N)}, which is also what {@code np.random.choice(N, n,
 * replace=False)} returns; all the others are predicted. Validation accuracy is always a target;
 * test accuracy too when the table has it, each with its own model. The regressor's own
 * randomness is seeded with the same seed.
 */
public final class PerformancePrediction {
    private PerformancePrediction() {}

    /** The first {@code size} cells of {@code RandomState(seed).permutation(n)}: the training set. */
    public static int[] trainingCells(int n, int size, int seed) {
        if (size < 2 || size >= n) throw new IllegalArgumentException("need 2 <= train size < " + n + " cells, not " + size);
        return Arrays.copyOf(new NumpyRandomState(Integer.toUnsignedLong(seed)).permutation(n), size);
    }

    /** One fit per available target with {@code kind}'s default regressor, scored above arch2vec's cut. */
    public static List<PredictionResult> run(SearchTable table, RegressorKind kind, int trainSize, int seed) {
        return run(table, kind, trainSize, seed, PredictionMetrics.ACCURACY_THRESHOLD);
    }

    /** One fit per available target with {@code kind}'s default regressor, RMSE and r on the cells above {@code cut}. */
    public static List<PredictionResult> run(SearchTable table, RegressorKind kind, int trainSize, int seed, double cut) {
        return run(table, kind.create(), kind.shortName(), trainSize, seed, cut);
    }

    /**
     * One fit per available target.
     *
     * @param name what the results call the regressor
     * @param cut RMSE and Pearson's r are over the predicted cells whose true accuracy is above it
     */
    public static List<PredictionResult> run(SearchTable table, Regressor regressor, String name, int trainSize, int seed, double cut) {
        int n = table.size();
        int[] train = trainingCells(n, trainSize, seed);
        boolean[] inTrain = new boolean[n];
        for (int c : train) inTrain[c] = true;
        int[] held = new int[n - trainSize];
        for (int i = 0, k = 0; i < n; i++) if (!inTrain[i]) held[k++] = i;

        double[][] xTrain = embeddings(table, train), xHeld = embeddings(table, held);
        List<PredictionResult> results = new ArrayList<>();
        for (PredictionTarget target : PredictionTarget.values()) {
            if (!target.availableIn(table)) continue;
            long start = System.nanoTime();
            double[] y = new double[train.length];
            for (int k = 0; k < train.length; k++) y[k] = target.of(table, train[k]);
            double[] predicted = regressor.fit(xTrain, y, seed).predict(xHeld);
            double[] truth = new double[held.length];
            for (int k = 0; k < held.length; k++) truth[k] = target.of(table, held[k]);
            PredictionMetrics.Score score = PredictionMetrics.scoreAbove(predicted, truth, cut);
            results.add(new PredictionResult(name, trainSize, seed, target, score.rmse(), score.pearson(), score.count(),
                    Correlation.spearman(predicted, truth), Correlation.kendall(predicted, truth), (System.nanoTime() - start) / 1e9));
        }
        return results;
    }

    private static double[][] embeddings(SearchTable table, int[] cells) {
        double[][] x = new double[cells.length][];
        for (int k = 0; k < cells.length; k++) {
            float[] e = table.embedding(cells[k]);
            x[k] = new double[e.length];
            for (int d = 0; d < e.length; d++) x[k][d] = e[d];
        }
        return x;
    }
}
