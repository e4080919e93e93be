package ionas.nas.arch2vec;

/**
 * The mode arch2vec's model trains in, epoch by epoch.
 *
 * <p>arch2vec's released pre-training script ({@code pretraining_nasbench101.py}) calls
 * {@code model.eval()} before its first validation and never calls {@code model.train()} again, so
 * only its first epoch trains in training mode: from the second on, z = mu (no sampling noise), no
 * dropout, and the batch norms normalise with their running statistics, which no longer change.
 * That is {@link #CODE}, the regime arch2vec's Table 1 came from. The spec (section 3.6) says the
 * model trains in training mode throughout; that is {@link #TRAIN}, which info-NAS's trainer does
 * (it calls {@code model.train()} every epoch) and so the IO model's reference arch2vec keeps.
 */
public enum TrainingRegime {
    /** Training mode in the first epoch, evaluation mode after it, as arch2vec's released script. */
    CODE,
    /** Training mode in every epoch (the spec, and info-NAS). */
    TRAIN;

    /** {@code code} or {@code train}. */
    public static TrainingRegime of(String name) {
        return switch (name) {
            case "code" -> CODE;
            case "train" -> TRAIN;
            default -> throw new IllegalArgumentException("unknown arch2vec training regime '" + name + "': expected code or train");
        };
    }

    /** Whether epoch {@code index} (from 0) trains in training mode. */
    public boolean trainingMode(int index) {
        return this == TRAIN || index == 0;
    }

    /** The name {@link #of} reads. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
