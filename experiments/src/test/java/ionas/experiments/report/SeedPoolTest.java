package ionas.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedPoolTest {
    @Test
    void namesOfTheFirstSeedAreAOneSeedRunsAndTheOthersCarryTheSeed() {
        List<ModelSeed> three = ModelSeed.first(3);
        assertEquals(List.of(1L, 2L, 3L), three.stream().map(ModelSeed::seed).toList());
        assertEquals("io-model", three.get(0).name("io-model"));
        assertEquals("io-model-2ep-seed3", three.get(2).name("io-model-2ep"));
        assertEquals(new ModelSeed.Seeded("io-model-2ep", new ModelSeed(3)), ModelSeed.of("io-model-2ep-seed3"));
        assertEquals(new ModelSeed.Seeded("arch2vec-8ep", ModelSeed.FIRST), ModelSeed.of("arch2vec-8ep"));
        assertThrows(IllegalArgumentException.class, () -> ModelSeed.first(0));
    }

    @Test
    void familiesGroupTheSeedsOfOneEmbeddingFirstSeedFirstAndLeaveSingleSeedsOut() {
        Map<String, List<String>> f = SeedPool.families(List.of("arch2vec-1ep", "io-model-2ep-seed2", "io-model-2ep", "reference-arch2vec-2ep",
                "io-model-2ep-seed3", "io-model-2ep"));
        assertEquals(Map.of("io-model-2ep", List.of("io-model-2ep", "io-model-2ep-seed2", "io-model-2ep-seed3")), f);
        assertTrue(SeedPool.families(List.of("arch2vec-1ep", "io-model-2ep", "reference-arch2vec-2ep")).isEmpty(), "one seed: nothing to pool");
    }

    /** t's 0.975 quantiles in closed form: tan(0.475 pi) for one degree of freedom, 0.95 sqrt(2 / (4 0.975 0.025)) for two. */
    static final double T1 = Math.tan(0.475 * Math.PI), T2 = 0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025));

    @Test
    void tQuantilesMatchTheirClosedFormsAndTheTables() {
        assertEquals(12.7062047362, SeedPool.t975(1), 1e-9);
        assertEquals(T1, SeedPool.t975(1), 1e-9);
        assertEquals(T2, SeedPool.t975(2), 1e-9);
        // printed tables, to their 3 decimals
        assertEquals(3.182, SeedPool.t975(3), 5e-4);
        assertEquals(2.228, SeedPool.t975(10), 5e-4);
        assertEquals(2.042, SeedPool.t975(30), 5e-4);
        assertEquals(2.000, SeedPool.t975(60), 5e-4);
        assertEquals(1.984, SeedPool.t975(100), 5e-4);
        assertThrows(IllegalArgumentException.class, () -> SeedPool.t975(0));
    }

    @Test
    void identicalSeedsKeepTheirOwnIntervalInsteadOfAZeroWidthOne() {
        Estimate draw = new Estimate(0.6887, 0.6827, 0.6951, Estimate.Interval.CI95);
        assertEquals(draw, SeedPool.pooled(List.of(draw, draw, draw)), "a seed-independent baseline is one draw");
        Estimate pooled = SeedPool.pooled(List.of(new Estimate(1, 0.9, 1.1, Estimate.Interval.CI95), new Estimate(2, 1.9, 2.1, Estimate.Interval.CI95),
                new Estimate(3, 2.9, 3.1, Estimate.Interval.CI95)));
        assertEquals(SeedPool.meanOverSeeds(new double[] {1, 2, 3}), pooled, "seeds that differ: the t-interval over their values");
    }

    @Test
    void pooledIsTheMeanOfSeedMeansWithTheTIntervalOverThem() {
        // mean 2, sample sd 1, se 1/sqrt(3), t(2)
        Estimate e = SeedPool.meanOverSeeds(new double[] {1, 2, 3});
        assertEquals(2, e.value(), 1e-12);
        assertEquals(2 + T2 / Math.sqrt(3), e.high(), 1e-9);
        assertEquals(2 - T2 / Math.sqrt(3), e.low(), 1e-9);
        assertEquals(Estimate.Interval.CI95, e.interval());
        assertThrows(IllegalArgumentException.class, () -> SeedPool.meanOverSeeds(new double[] {1}));
    }
}
