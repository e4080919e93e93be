package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionSummaryColumnTest {
    @Test
    void theHeaderIsTheOneRunsOnDiskHave() {
        // rf-summary.csv files written before PredictionSummaryColumn existed carry exactly this header
        assertEquals("regressor,target,train_size,seeds,rmse_median,rmse_q1,rmse_q3,rmse_mean,rmse_std,r_median,r_q1,r_q3,r_mean,r_std",
                String.join(",", PredictionSummaryColumn.headers()));
        assertEquals("rf-summary.csv", PredictionSummaryColumn.fileName(RegressorKind.RANDOM_FOREST.shortName()));
    }

    @Test
    void aSpreadNamesItsMetricsColumns() {
        assertEquals(List.of("r_median", "r_q1", "r_q3", "r_mean", "r_std"), List.of(PredictionSummaryColumn.PEARSON_R.median().header(),
                PredictionSummaryColumn.PEARSON_R.q1().header(), PredictionSummaryColumn.PEARSON_R.q3().header(),
                PredictionSummaryColumn.PEARSON_R.mean().header(), PredictionSummaryColumn.PEARSON_R.std().header()));
        assertEquals("rmse_std", PredictionSummaryColumn.RMSE.std().header());
    }
}
