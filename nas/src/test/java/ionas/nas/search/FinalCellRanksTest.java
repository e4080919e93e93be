package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FinalCellRanksTest {
    /** Five cells; the best two are nearly tied, as on the 20,001-cell records. */
    private static final double[] ACCURACIES = {0.90, 0.80, 0.9499, 0.85, 0.95};

    @Test
    void theBestCellIsAtTheHundredthPercentileAndTheRunnerUpIsNotBest() {
        FinalCellRanks ranks = new FinalCellRanks(ACCURACIES);
        FinalCellRanks.FinalCell best = ranks.rank(0.95), second = ranks.rank(0.9499), worst = ranks.rank(0.80);
        assertTrue(best.best());
        assertEquals(100.0, best.percentile());
        assertFalse(second.best(), "0.0001 below the best is not the best");
        assertEquals(80.0, second.percentile(), "4 of 5 cells are at most as good");
        assertEquals(20.0, worst.percentile());
        assertEquals(60.0, ranks.rank(0.90).percentile(), "the median cell");
    }

    @Test
    void tiedCellsShareTheirRankAndATieWithTheBestCounts() {
        FinalCellRanks ranks = new FinalCellRanks(new double[] {0.7, 0.9, 0.9, 0.8});
        assertTrue(ranks.rank(0.9).best());
        assertEquals(100.0, ranks.rank(0.9).percentile());
        assertEquals(25.0, ranks.rank(0.7).percentile());
    }

    @Test
    void aRunEndsOnItsIncumbentAfterTheFirstQueryPastTheCut() {
        // best-so-far after each query: 0.80, 0.90, 0.9499, 0.95 at times 1, 2, 3, 4
        double[] best = {0.80, 0.90, 0.9499, 0.95}, time = {1, 2, 3, 4}, regret = {0.15, 0.05, 0.0001, 0};
        Trace trace = new Trace(new int[] {1, 0, 2, 4}, time, best, new double[4], regret, new double[4]);
        FinalCellRanks ranks = new FinalCellRanks(ACCURACIES);
        assertEquals(0.9499, ranks.finalCell(trace, 2.5).validAccuracy(), "the cut at 2.5 takes the query that ends at 3");
        assertEquals(0.0001, trace.validRegretAfter(2.5), "the same query as the final regret");
        assertTrue(ranks.finalCell(trace, 10).best(), "past the last query: the last incumbent");
        Trace empty = new Trace(new int[0], new double[0], new double[0], new double[0], new double[0], new double[0]);
        assertTrue(Double.isNaN(ranks.finalCell(empty, 10).percentile()));
    }

    @Test
    void summaryCountsBestRunsAndAveragesPercentiles() {
        FinalCellRanks ranks = new FinalCellRanks(ACCURACIES);
        // three runs end on the runner-up, one on the best: mean regret would be tiny, one run in four found the best
        FinalCellRanks.Summary s = FinalCellRanks.summarise(
                List.of(ranks.rank(0.9499), ranks.rank(0.95), ranks.rank(0.9499), ranks.rank(0.9499)));
        assertEquals(4, s.runs());
        assertEquals(1, s.foundBest());
        assertEquals(0.25, s.foundBestShare());
        assertEquals(85.0, s.meanPercentile(), 1e-12);
        assertEquals(80.0, s.medianPercentile());
        assertEquals(90.0, FinalCellRanks.summarise(List.of(ranks.rank(0.95), ranks.rank(0.9499))).medianPercentile(),
                "an even count takes the mean of the middle two");
    }

    @Test
    void runsWithoutQueriesCountAsRunsButNotInThePercentiles() {
        FinalCellRanks ranks = new FinalCellRanks(ACCURACIES);
        FinalCellRanks.Summary s = FinalCellRanks.summarise(List.of(ranks.rank(Double.NaN), ranks.rank(0.80)));
        assertEquals(2, s.runs());
        assertEquals(0, s.foundBest());
        assertEquals(20.0, s.meanPercentile());
        FinalCellRanks.Summary none = FinalCellRanks.summarise(List.of());
        assertTrue(Double.isNaN(none.foundBestShare()) && Double.isNaN(none.medianPercentile()));
    }

    @Test
    void ranksAgainstASearchTable() {
        SearchTable t = SearchTable.of(new float[5], 1, ACCURACIES, new double[5], new double[] {1, 1, 1, 1, 1});
        assertEquals(80.0, FinalCellRanks.of(t).rank(0.9499).percentile());
        assertThrows(IllegalArgumentException.class, () -> new FinalCellRanks(new double[0]));
    }
}
