package ionas.experiments.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The steps of {@code ionas reproduce}, in the order it runs them. {@code --step NAME} runs one of
 * them alone, as a cluster job does (docs/cluster/slurm.sh): the same command lines that the whole
 * run prints, so a chain of step jobs and one {@code reproduce} write the same files. Three steps
 * work item by item and split for a job array with {@code --shard i/n}.
 */
enum ReproduceStep {
    SPACE(false), PRETRAIN(true), IO_DATASET(true), ARCH2VEC(false), IO_MODEL(false), SEARCH(true), PREDICT(false);

    /** Whether the step's command takes {@code --shard i/n}. */
    final boolean shardable;

    ReproduceStep(boolean shardable) {
        this.shardable = shardable;
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
