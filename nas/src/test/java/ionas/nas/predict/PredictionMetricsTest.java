package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PredictionMetricsTest {
    @Test
    void rmseByHand() {
        // errors 0, 0, -2: sqrt(4 / 3)
        assertEquals(Math.sqrt(4.0 / 3), PredictionMetrics.rmse(new double[] {1, 2, 3}, new double[] {1, 2, 5}), 1e-15);
        assertTrue(Double.isNaN(PredictionMetrics.rmse(new double[0], new double[0])));
    }

    @Test
    void pearsonByHand() {
        // deviations (-1.5, -.5, .5, 1.5) and (-3, -1, 0, 4): 11 / sqrt(5 * 26)
        assertEquals(11 / Math.sqrt(130), PredictionMetrics.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 9}), 1e-15);
        assertEquals(-1, PredictionMetrics.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-15);
        assertTrue(Double.isNaN(PredictionMetrics.pearson(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    }

    @Test
    void scoresOnlyCellsStrictlyAboveTheThreshold() {
        double[] truth = {0.79, 0.8, 0.81, 0.9, 0.5};
        double[] predicted = {0.0, 0.0, 0.82, 0.88, 0.0};
        PredictionMetrics.Score s = PredictionMetrics.scoreAbove(predicted, truth, PredictionMetrics.ACCURACY_THRESHOLD);
        assertEquals(2, s.count());
        assertEquals(Math.sqrt((0.01 * 0.01 + 0.02 * 0.02) / 2), s.rmse(), 1e-15);
        assertEquals(1, s.pearson(), 1e-12);
    }

    @Test
    void summaryQuantilesFollowNumpy() {
        // np.percentile([1, 2, 3, 4], [25, 50, 75]) = 1.75, 2.5, 3.25
        double[] v = {1, 2, 3, 4};
        assertEquals(1.75, PredictionSummary.quantile(v, 0.25), 1e-15);
        assertEquals(2.5, PredictionSummary.quantile(v, 0.5), 1e-15);
        assertEquals(3.25, PredictionSummary.quantile(v, 0.75), 1e-15);
        PredictionSummary.Spread s = PredictionSummary.Spread.of(new double[] {4, Double.NaN, 1, 3, 2});
        assertEquals(2.5, s.mean(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-15);
    }

    @Test
    void precisionAtTheTopCountsTheTrueTopAmongThePredictedTop() {
        double[] truth = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        // k = round(0.3 * 10) = 3: the true top is cells {0, 1, 2}; the predicted top is {0, 5, 2}
        double[] predicted = {9, 1, 7, 0, 0, 8, 0, 0, 0, 0};
        assertEquals(2.0 / 3, PredictionMetrics.precisionAtTop(predicted, truth, 0.3), 1e-15);
        // 1% of 10 rounds to 0 cells: at least one is taken, here cell 0 both ways
        assertEquals(1.0, PredictionMetrics.precisionAtTop(predicted, truth, 0.01));
        // ties go to the lower index: a constant prediction "picks" cells {0, 1, 2}
        assertEquals(1.0, PredictionMetrics.precisionAtTop(new double[10], truth, 0.3));
        double[] reversed = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(0.0, PredictionMetrics.precisionAtTop(reversed, truth, 0.3));
    }
}
