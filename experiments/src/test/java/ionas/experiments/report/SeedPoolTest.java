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

    @Test
    void pooledIsTheMeanOfSeedMeansWithTheTIntervalOverThem() {
        // mean 2, sample sd 1, se 1/sqrt(3), t(2) = 4.303
        Estimate e = SeedPool.meanOverSeeds(new double[] {1, 2, 3});
        assertEquals(2, e.value(), 1e-12);
        assertEquals(2 + 4.303 / Math.sqrt(3), e.high(), 1e-12);
        assertEquals(2 - 4.303 / Math.sqrt(3), e.low(), 1e-12);
        assertEquals(Estimate.Interval.CI95, e.interval());
        assertEquals(12.706, SeedPool.t975(1));
        assertEquals(2.000, SeedPool.t975(60), 0.001, "beyond the table, within a thousandth of t(60)");
        assertEquals(1.984, SeedPool.t975(100), 0.001);
        assertThrows(IllegalArgumentException.class, () -> SeedPool.meanOverSeeds(new double[] {1}));
    }
}
