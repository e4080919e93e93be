package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JudgeTest {
    private static final Reference PUBLISHED_REGRET = new Reference("arch2vec, RL-arch2vec", Estimate.point(0.002));

    private static Estimate ci(double value, double low, double high) {
        return new Estimate(value, low, high, Estimate.Interval.CI95);
    }

    @Test
    void aPublishedNumberInsideOurIntervalMatches() {
        Judgement j = Judge.judge(Measure.REGRET, ci(0.0021, 0.0019, 0.0023), PUBLISHED_REGRET, null, null);
        assertEquals(Verdict.MATCHES, j.verdict());
        assertEquals(Judgement.Basis.PUBLISHED, j.basis());
    }

    @Test
    void beyondTheIntervalTheDirectionOfTheMeasureDecides() {
        Judgement regret = Judge.judge(Measure.REGRET, ci(0.003, 0.0025, 0.0035), PUBLISHED_REGRET, null, null);
        assertEquals(Verdict.WORSE, regret.verdict(), "a higher regret");
        assertEquals("above the published value beyond our 95% CI (lower is better)", regret.why());
        Reference r = new Reference("arch2vec", Estimate.plusMinus(0.67, 0.02));
        Estimate ours = new Estimate(0.75, 0.72, 0.78, Estimate.Interval.QUARTILES);
        assertEquals(Verdict.BETTER, Judge.judge(Measure.PEARSON_R, ours, r, null, null).verdict(), "0.72 is above 0.67 + 0.02");
        Estimate touching = new Estimate(0.70, 0.69, 0.71, Estimate.Interval.QUARTILES);
        assertEquals(Verdict.MATCHES, Judge.judge(Measure.PEARSON_R, touching, r, null, null).verdict(), "0.69 is the published 0.67 + 0.02");
    }

    @Test
    void accuraciesWithoutIntervalsMatchWithinOnePercentagePoint() {
        Reference validity = new Reference("arch2vec Table 1", Estimate.point(0.4497));
        Judgement close = Judge.judge(Measure.ACCURACY, Estimate.point(0.4400), validity, null, null);
        assertEquals(Verdict.MATCHES, close.verdict());
        assertEquals("within 1 percentage point of the published value", close.why());
        Judgement far = Judge.judge(Measure.ACCURACY, Estimate.point(0.4321), validity, null, null);
        assertEquals(Verdict.WORSE, far.verdict());
        assertEquals("below the published value by more than 1 percentage point (higher is better)", far.why());
        assertEquals(Verdict.BETTER, Judge.judge(Measure.ACCURACY, Estimate.point(0.47), validity, null, null).verdict());
    }

    @Test
    void aCaveatMakesThePublishedNumberNotComparable() {
        Judgement j = Judge.judge(Measure.REGRET, ci(0.0021, 0.0019, 0.0023), PUBLISHED_REGRET, "'tiny' preset: 20 runs (arch2vec: 500)", null);
        assertEquals(Verdict.NOT_COMPARABLE, j.verdict());
        assertEquals(Judgement.Basis.NONE, j.basis());
        assertEquals("'tiny' preset: 20 runs (arch2vec: 500)", j.why());
    }

    @Test
    void againstABaselineOfTheRunOnlyDisjointIntervalsDecide() {
        Reference baseline = new Reference("mean-vector baseline (this run)", ci(0.80, 0.79, 0.81));
        Reference figure = Reference.finding("paper Fig. 12: below baseline");
        Judgement below = Judge.judge(Measure.L1_LOSS, ci(0.45, 0.44, 0.46), figure, null, baseline);
        assertEquals(Verdict.MATCHES, below.verdict());
        assertEquals(Judgement.Basis.BASELINE, below.basis());
        assertEquals(Verdict.INCONCLUSIVE, Judge.judge(Measure.L1_LOSS, ci(0.70, 0.60, 0.85), figure, null, baseline).verdict());
        Judgement above = Judge.judge(Measure.L1_LOSS, ci(0.90, 0.88, 0.92), figure, "'tiny' preset: epoch 2 of 2", baseline);
        assertEquals(Verdict.WORSE, above.verdict());
        assertEquals("worse than the baseline, 95% intervals disjoint, unlike the published result; 'tiny' preset: epoch 2 of 2", above.why());
    }

    @Test
    void aComparablePublishedNumberTakesPrecedenceOverTheBaseline() {
        Reference random = new Reference("random search, same budget (this run)", ci(0.0035, 0.0033, 0.0037));
        Judgement j = Judge.judge(Measure.REGRET, ci(0.003, 0.0025, 0.0035), PUBLISHED_REGRET, null, random);
        assertEquals(Judgement.Basis.PUBLISHED, j.basis());
        Judgement notComparable = Judge.judge(Measure.REGRET, ci(0.001, 0.0009, 0.0011), PUBLISHED_REGRET, "other records", random);
        assertEquals(Verdict.MATCHES, notComparable.verdict());
        assertEquals("better than the baseline, 95% intervals disjoint, as published; published number not comparable: other records", notComparable.why());
    }

    @Test
    void nothingToCompareWith() {
        assertEquals("no published number", Judge.judge(Measure.ACCURACY, Estimate.point(0.5), null, null, null).why());
        assertEquals(Verdict.NOT_COMPARABLE, Judge.judge(Measure.ACCURACY, Estimate.point(Double.NaN), PUBLISHED_REGRET, null, null).verdict());
    }
}
