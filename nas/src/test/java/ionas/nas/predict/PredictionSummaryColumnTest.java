package ionas.nas.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionSummaryColumnTest {
    @Test
    void theHeaderExtendsTheOneOlderRunsHave() {
        // rf-summary.csv files written before the rank measures carry exactly the first 14 columns, which keep their places
        assertEquals("regressor,target,train_size,seeds,rmse_median,rmse_q1,rmse_q3,rmse_mean,rmse_std,r_median,r_q1,r_q3,r_mean,r_std,"
                        + "rho_median,rho_q1,rho_q3,rho_mean,rho_std,tau_median,tau_q1,tau_q3,tau_mean,tau_std",
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
