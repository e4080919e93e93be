package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The new regressors learn a nonlinear target far better than its mean does, and the same seed gives the same fit. */
class RegressorFitTest {
    private static double[][] points(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][4];
        for (double[] row : x) for (int d = 0; d < 4; d++) row[d] = r.nextDouble(-1, 1);
        return x;
    }

    private static double[] target(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = 0.9 + 0.02 * (Math.sin(3 * x[i][0]) + x[i][1] * x[i][2]);
        return y;
    }

    /** RMSE of {@code kind} on fresh points divided by that of predicting the training mean. */
    private static double relativeError(Regressor regressor) {
        double[][] xTrain = points(400, 1), xTest = points(400, 2);
        double[] yTrain = target(xTrain), yTest = target(xTest);
        double mean = java.util.Arrays.stream(yTrain).average().orElseThrow();
        double[] p = regressor.fit(xTrain, yTrain, 7).predict(xTest);
        double[] constant = new double[yTest.length];
        java.util.Arrays.fill(constant, mean);
        return PredictionMetrics.rmse(p, yTest) / PredictionMetrics.rmse(constant, yTest);
    }

    @Test
    void gradientBoostingBeatsTheMeanPredictor() {
        double rel = relativeError(new GradientBoostedTreesRegressor(GradientBoostedTreesRegressor.DEFAULT));
        assertTrue(rel < 0.5, "GBT's RMSE is " + rel + " of the mean predictor's");
    }

    @Test
    void mlpBeatsTheMeanPredictor() {
        double rel = relativeError(new MlpRegressor(new MlpRegressor.Options(32, 2, 150, 32, 3e-3, 0)));
        assertTrue(rel < 0.5, "the MLP's RMSE is " + rel + " of the mean predictor's");
    }

    @Test
    void fitsAreReproducibleForASeed() {
        double[][] x = points(60, 3), q = points(5, 4);
        double[] y = target(x);
        for (Regressor r : new Regressor[] {new GradientBoostedTreesRegressor(GradientBoostedTreesRegressor.DEFAULT),
            new MlpRegressor(new MlpRegressor.Options(8, 1, 20, 16, 1e-2, 0))})
            assertArrayEquals(r.fit(x, y, 5).predict(q), r.fit(x, y, 5).predict(q), r.toString());
    }
}
