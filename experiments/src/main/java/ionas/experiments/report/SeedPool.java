package ionas.experiments.report;

import ionas.nas.search.SearchAlgorithm;
import ionas.nas.search.SummaryColumn;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import smile.stat.distribution.TDistribution;

/**
 * The seeds of the extended model pooled ({@code reproduce --model-seeds K}): one seed's search or
 * prediction is one draw of the trained model, so the pooled row is the mean over the seeds of
 * each seed's mean, with the 95% t-interval over those K means. Each seed's mean carries its own
 * runs' noise, so the interval holds both that and the spread between seeds; with few seeds it is
 * wide, as it should be.
 */
final class SeedPool {
    /** How the pooled rows are made, for the report's text. */
    static final String METHOD = "a row per seed of the extended model (its label ends in -seedS; the first seed's has no suffix) and a "
            + "pooled row: the mean over the seeds of each seed's mean, with the 95% t-interval over those seed means (so the interval "
            + "includes the spread between seeds); the verdict against the baseline is made on the pooled row";

    private SeedPool() {}

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom: the half-width of a two-sided 95% t-interval in standard errors. */
    static double t975(int df) {
        if (df < 1) throw new IllegalArgumentException("a t quantile needs at least 1 degree of freedom, not " + df);
        return new TDistribution(df).quantile(0.975);
    }

    /**
     * The labels of each embedding made with more than one seed, by the first seed's label (in the
     * order first met), the first seed's label first and the others in the order given. Labels of a
     * single seed are left out: they have nothing to pool.
     */
    static Map<String, List<String>> families(List<String> labels) {
        Map<String, List<String>> byBase = new LinkedHashMap<>();
        for (String label : labels) {
            ModelSeed.Seeded s = ModelSeed.of(label);
            List<String> family = byBase.computeIfAbsent(s.base(), b -> new ArrayList<>());
            if (family.contains(label)) continue;
            if (s.seed().isFirst()) family.addFirst(label);
            else family.add(label);
        }
        byBase.values().removeIf(f -> f.size() < 2);
        return byBase;
    }

    /** The mean of the seeds' means with the 95% t-interval over them. */
    static Estimate meanOverSeeds(double[] seedMeans) {
        int k = seedMeans.length;
        if (k < 2) throw new IllegalArgumentException("pooling needs at least two seeds, not " + k);
        double mean = 0;
        for (double v : seedMeans) mean += v / k;
        double ss = 0;
        for (double v : seedMeans) ss += (v - mean) * (v - mean);
        double half = t975(k - 1) * Math.sqrt(ss / (k - 1) / k);
        return new Estimate(mean, mean - half, mean + half, Estimate.Interval.CI95);
    }

    /**
     * The seeds' estimates pooled as by {@link #meanOverSeeds}, except where every seed gives the
     * same value: a number computed from data no seed changes (the mean-vector baseline on the
     * validation networks) is one draw whatever the seed, and a t-interval over identical values
     * would have no width, so that draw keeps its own interval.
     */
    static Estimate pooled(List<Estimate> perSeed) {
        Estimate first = perSeed.getFirst();
        if (perSeed.stream().allMatch(e -> e.value() == first.value())) return first;
        return meanOverSeeds(perSeed.stream().mapToDouble(Estimate::value).toArray());
    }

    /** One embedding's searches with one algorithm, a summary.csv row per seed, to pool. */
    record Searches(String base, String algorithm, List<Map<String, String>> perSeed) {}

    /** The searches of search/summary.csv to pool: per embedding made with several seeds, and per algorithm that reads the embedding. */
    static List<Searches> searches(List<Map<String, String>> summary) {
        List<Searches> out = new ArrayList<>();
        families(summary.stream().map(r -> r.getOrDefault(SummaryColumn.LABEL.header(), "")).toList()).forEach((base, labels) -> {
            for (String algorithm : summary.stream().map(r -> r.getOrDefault(SummaryColumn.ALGORITHM.header(), "")).distinct()
                    .filter(SearchAlgorithm::usesEmbeddings).toList()) {
                List<Map<String, String>> perSeed = summary.stream().filter(r -> algorithm.equals(r.get(SummaryColumn.ALGORITHM.header()))
                        && labels.contains(r.get(SummaryColumn.LABEL.header()))).toList();
                if (perSeed.size() >= 2) out.add(new Searches(base, algorithm, perSeed));
            }
        });
        return out;
    }

    /** Whether {@code label} is one seed of an embedding the report pools. */
    static boolean pooled(String label, List<Searches> searches) {
        return searches.stream().anyMatch(s -> s.base().equals(ModelSeed.of(label).base()));
    }

    /** {@link #meanOverSeeds} of a column, a row per seed. */
    static Estimate pooled(List<Map<String, String>> perSeed, String column) {
        return meanOverSeeds(perSeed.stream().mapToDouble(r -> RunFiles.number(r, column)).toArray());
    }

    /** The plain mean of a column over the seeds' rows (counts and shares, shown without an interval). */
    static double mean(List<Map<String, String>> perSeed, String column) {
        return perSeed.stream().mapToDouble(r -> RunFiles.number(r, column)).average().orElse(Double.NaN);
    }

    /** The sum of a column over the seeds' rows (runs, prediction seeds). */
    static long total(List<Map<String, String>> perSeed, String column) {
        return perSeed.stream().mapToLong(r -> Math.round(RunFiles.number(r, column))).sum();
    }

    /** The pooled row's label: "io-model-2ep, 3 seeds pooled". */
    static String label(String base, int seeds) {
        return base + ", " + seeds + " seeds pooled";
    }

    /** The pooled row's part of a headline id: "io-model-2ep-pooled". */
    static String id(String base) {
        return base + "-pooled";
    }
}
