package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.search.SearchTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformancePredictionTest {
    // /usr/bin/python3 nas/src/test/python/predict_reference.py (NumPy 1.24):
    // np.random.seed(s); np.random.permutation(50)[:10], identical to np.random.choice(50, 10, replace=False)
    private static final int[] SEED1 = {27, 35, 40, 38, 2, 3, 48, 29, 46, 31};
    private static final int[] SEED7 = {13, 15, 22, 42, 30, 27, 1, 20, 10, 36};

    @Test
    void trainingCellsAreNumpysChoice() {
        assertArrayEquals(SEED1, PerformancePrediction.trainingCells(50, 10, 1));
        assertArrayEquals(SEED7, PerformancePrediction.trainingCells(50, 10, 7));
    }

    @Test
    void randomForestPredictsASmoothFunction() {
        SearchTable table = PredictionFixtures.tanhTable(2000, 1, true);
        List<PredictionResult> results = PerformancePrediction.run(table, RegressorKind.RANDOM_FOREST, 1000, 1);
        assertEquals(2, results.size(), "validation and test targets");
        for (PredictionResult r : results) {
            System.out.println(r);
            assertTrue(r.pearson() > 0.9, "r " + r.pearson());
            assertTrue(r.rmse() < 0.02, "RMSE " + r.rmse()); // the scored accuracies spread over (0.8, 0.9)
        }
        int above = 0;
        boolean[] train = new boolean[table.size()];
        for (int c : PerformancePrediction.trainingCells(table.size(), 1000, 1)) train[c] = true;
        for (int i = 0; i < table.size(); i++) if (!train[i] && table.validAccuracy(i) > 0.8) above++;
        assertEquals(above, results.getFirst().evaluated());
        assertEquals(PredictionTarget.VALIDATION, results.getFirst().target());
    }

    /** Without a cut (accuracies that are not CIFAR-10's), RMSE and r are over every held-out cell. */
    @Test
    void withoutACutEveryHeldOutCellIsScored() {
        SearchTable table = PredictionFixtures.tanhTable(400, 4, false);
        PredictionResult all = PerformancePrediction.run(table, RegressorKind.RANDOM_FOREST, 200, 5, PredictionMetrics.NO_CUT).getFirst();
        PredictionResult cut = PerformancePrediction.run(table, RegressorKind.RANDOM_FOREST, 200, 5).getFirst();
        assertEquals(200, all.evaluated());
        assertTrue(cut.evaluated() < 200, "the fixture has held-out cells at or below 0.8: " + cut.evaluated());
        assertTrue(all.rmse() > 0 && all.rmse() != cut.rmse(), all.rmse() + " " + cut.rmse());
        assertEquals(cut.spearman(), all.spearman(), "rank correlations never had a cut");
    }

    @Test
    void gaussianProcessPredictsASmoothFunction() {
        SearchTable table = PredictionFixtures.tanhTable(2000, 2, false);
        List<PredictionResult> results = PerformancePrediction.run(table, RegressorKind.GAUSSIAN_PROCESS, 1000, 3);
        assertEquals(1, results.size(), "no test accuracy in the table");
        PredictionResult r = results.getFirst();
        System.out.println(r);
        assertTrue(r.pearson() > 0.9, "r " + r.pearson());
        assertTrue(r.rmse() < 0.01, "RMSE " + r.rmse());
    }

    @Test
    void forestIsReproducibleForASeed() {
        SearchTable table = PredictionFixtures.tanhTable(400, 4, false);
        PredictionResult a = PerformancePrediction.run(table, RegressorKind.RANDOM_FOREST, 200, 5).getFirst();
        PredictionResult b = PerformancePrediction.run(table, RegressorKind.RANDOM_FOREST, 200, 5).getFirst();
        assertEquals(a.rmse(), b.rmse());
        assertEquals(a.pearson(), b.pearson());
    }
}
