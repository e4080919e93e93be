package ionas.nas.arch2vec;

import java.util.List;
import java.util.Locale;

/**
 * Which epoch's model an arch2vec run keeps for embedding.
 *
 * <p>{@link #LAST} is arch2vec's behaviour: the model after the last epoch. {@link #BEST} keeps the
 * epoch whose model decodes the most cells of a validation slice identically ({@link
 * Arch2VecTrainer.EpochMetrics#validationIdenticalGraph}), ties going to the earlier epoch. The slice
 * is carved from the training cells ({@link #validationCells}: the last ones of the training
 * permutation, which then are not trained on), never from the held-out cells: choosing the epoch on
 * the cells the run is judged on would report the best of eight tries on the test set as if it were
 * one. Decoding swings from epoch to epoch in the code's regime (docs/arch2vec.md), which is why a
 * run may want to keep its best epoch rather than its last.
 */
public enum KeepRule {
    /** The model after the last epoch (arch2vec's). */
    LAST,
    /** The model of the epoch with the highest identical decoding on the validation slice. */
    BEST;

    /** The largest validation slice: 2.6% of NAS-Bench-101's 381,261 training cells. */
    public static final int MAX_VALIDATION_CELLS = 10_000;

    /** {@code last} or {@code best}. */
    public static KeepRule of(String name) {
        return switch (name) {
            case "last" -> LAST;
            case "best" -> BEST;
            default -> throw new IllegalArgumentException("unknown rule for the kept epoch '" + name + "': expected last or best");
        };
    }

    /**
     * How many of {@code trainingCells} form the validation slice: none for {@link #LAST};
     * {@value #MAX_VALIDATION_CELLS}, or a tenth of the cells when that is fewer, for {@link #BEST}.
     */
    public int validationCells(int trainingCells) {
        return this == LAST ? 0 : Math.min(MAX_VALIDATION_CELLS, trainingCells / 10);
    }

    /**
     * The epoch (from 1) this rule keeps, given the validation scores of epochs 1, 2, ... in order:
     * the last for {@link #LAST}, the first of the highest for {@link #BEST}.
     *
     * @throws IllegalArgumentException when there are no scores
     */
    public int keptEpoch(List<Double> validationScores) {
        if (validationScores.isEmpty()) throw new IllegalArgumentException("no epoch to keep: the run has not finished one");
        if (this == LAST) return validationScores.size();
        int best = 0;
        for (int k = 1; k < validationScores.size(); k++)
            if (validationScores.get(k) > validationScores.get(best)) best = k;
        return best + 1;
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
