package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryColumnTest {
    @Test
    void theHeaderIsTheOneRunsOnDiskHave() {
        // summary.csv files written before SummaryColumn existed carry exactly this header: renaming a column breaks their reading
        assertEquals(List.of("label", "algorithm", "runs", "final_validation_regret_mean", "final_validation_regret_se",
                "final_test_regret_mean", "final_test_regret_se", "mean_queries", "mean_wall_seconds_per_run", "found_best_share",
                "final_percentile_mean", "final_percentile_median"), SummaryColumn.headers());
        assertEquals("summary.csv", SummaryColumn.FILE);
    }

    @Test
    void aRowIsInFileOrderAndComplete() {
        Map<SummaryColumn, Object> cells = new EnumMap<>(SummaryColumn.class);
        for (SummaryColumn c : SummaryColumn.values()) cells.put(c, c.ordinal());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), SummaryColumn.row(cells));
        cells.remove(SummaryColumn.MEAN_QUERIES);
        assertThrows(IllegalArgumentException.class, () -> SummaryColumn.row(cells));
    }

    @Test
    void regretColumnsByTarget() {
        assertEquals("final_test_regret_mean", SummaryColumn.regretMean(true).header());
        assertEquals("final_validation_regret_se", SummaryColumn.regretSe(false).header());
    }
}
