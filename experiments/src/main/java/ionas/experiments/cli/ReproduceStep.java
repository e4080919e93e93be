package ionas.experiments.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The steps of {@code ionas reproduce}, in the order it runs them. {@code --step NAME} runs one of
 * them alone, as a cluster job does (docs/cluster/slurm.sh): the same command lines that the whole
 * run prints, so a chain of step jobs and one {@code reproduce} write the same files. Three steps
 * work item by item and split for a job array with {@code --shard i/n}, which their commands take;
 * the extended model's step splits its seeds ({@code --model-seeds}) itself.
 */
enum ReproduceStep {
    SPACE(false, false), PRETRAIN(true, true), IO_DATASET(true, true), ARCH2VEC(false, false), IO_MODEL(true, false), SEARCH(true, true),
    PREDICT(false, false);

    /** Whether the step splits with {@code --shard i/n}. */
    final boolean shardable;
    /** Whether its commands take {@code --shard i/n} (otherwise {@code reproduce} splits the step's commands among the shards). */
    final boolean commandTakesShard;

    ReproduceStep(boolean shardable, boolean commandTakesShard) {
        this.shardable = shardable;
        this.commandTakesShard = commandTakesShard;
    }

    /** The name on the command line: "io-dataset". */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ReproduceStep of(String label) {
        for (ReproduceStep s : values()) if (s.label().equals(label)) return s;
        throw new IllegalArgumentException("unknown step '" + label + "': expected one of " + String.join(", ", labels(List.of(values()))));
    }

    /** The steps that take {@code --shard}, for messages. */
    static List<String> shardableLabels() {
        return labels(Arrays.stream(values()).filter(s -> s.shardable).toList());
    }

    private static List<String> labels(List<ReproduceStep> steps) {
        return steps.stream().map(ReproduceStep::label).toList();
    }
}
