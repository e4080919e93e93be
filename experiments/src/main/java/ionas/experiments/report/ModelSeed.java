package ionas.experiments.report;

import ionas.nas.iomodel.SemiSupervisedConfig;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * One seed of the extended model in a run of {@code reproduce --model-seeds K}, and the names its
 * folder and embeddings have. The first seed (every preset's, 1) keeps the names a one-seed run
 * gives ({@code io-model/}, {@code io-model-2ep}), so that a one-seed run grows into a K-seed run
 * without redoing anything; seed S after it adds {@code -seedS} ({@code io-model-seed2/},
 * {@code io-model-2ep-seed2}). The report reads the seed back from a label to pool the seeds.
 *
 * @param seed the {@code io-model train --seed}
 */
public record ModelSeed(long seed) {
    /** The seed a run trains without {@code --seed}: the first of a K-seed run's. */
    public static final ModelSeed FIRST = new ModelSeed(SemiSupervisedConfig.PAPER.seed());

    private static final String SUFFIX = "-seed";
    private static final Pattern SEEDED = Pattern.compile("(.+)" + SUFFIX + "(\\d+)");

    /** The seeds of {@code reproduce --model-seeds k}: the first seed and the k - 1 after it. */
    public static List<ModelSeed> first(int k) {
        if (k < 1) throw new IllegalArgumentException("the extended model trains with at least one seed, not " + k);
        return LongStream.range(FIRST.seed, FIRST.seed + k).mapToObj(ModelSeed::new).toList();
    }

    public boolean isFirst() {
        return equals(FIRST);
    }

    /** {@code base} for the first seed, {@code base-seedS} for the others: a folder or an embedding's label. */
    public String name(String base) {
        return isFirst() ? base : base + SUFFIX + seed;
    }

    /** A label split into what it embeds and the seed of the model that embedded it (the first seed's when it names none). */
    public record Seeded(String base, ModelSeed seed) {}

    /** Reads the seed back from a label {@link #name} made (a label without one is the first seed's, or no model's). */
    public static Seeded of(String label) {
        Matcher m = SEEDED.matcher(label);
        return m.matches() ? new Seeded(m.group(1), new ModelSeed(Long.parseLong(m.group(2)))) : new Seeded(label, FIRST);
    }
}
