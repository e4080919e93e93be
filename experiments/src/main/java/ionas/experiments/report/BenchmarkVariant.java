package ionas.experiments.report;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which NAS-Bench-101 records the search and prediction steps ran on. It decides whether their
 * numbers can be set against arch2vec's: only the official file holds all 423,624 cells, so only
 * there is a regret measured against the same best cell as arch2vec's.
 *
 * @param description for table captions, e.g. "20,001-cell records (nb101-20k.json)"
 * @param fullSpace   true for the official records of the whole space
 */
record BenchmarkVariant(String description, boolean fullSpace) {
    /**
     * The variant of the records file {@code benchmark}, else (null: not recorded) a guess from
     * whether the records had test accuracies (the 20,001-cell file has none; the official file has them).
     */
    static BenchmarkVariant of(Path benchmark, boolean hasTestAccuracies) {
        if (benchmark != null) {
            String named = benchmark.getFileName().toString(), n = named.toLowerCase(Locale.ROOT);
            if (n.contains("nb101-20k")) return new BenchmarkVariant("20,001-cell records (nb101-20k.json)", false);
            if (n.contains("tfrecord")) return new BenchmarkVariant("official NAS-Bench-101 records (423,624 cells)", true);
            return new BenchmarkVariant("records " + named, false);
        }
        return hasTestAccuracies
                ? new BenchmarkVariant("records with test accuracies (benchmark file not recorded)", false)
                : new BenchmarkVariant("records without test accuracies (as the 20,001-cell nb101-20k.json)", false);
    }
}
