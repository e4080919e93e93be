package ionas.nas.cifar;

import ionas.nas.random.NumpyRandomState;
import java.util.Arrays;

/**
 * The train/validation split of NASBench-PyTorch's {@code prepare_dataset}, which info-NAS
 * pretrained with: {@code RandomState(seed).choice(50000, 1000, replace=False)} are the validation
 * images, the other 49,000 are for training. Reproduced number for number (seed 1 by default).
 *
 * @param train indices of the training images, ascending
 * @param validation indices of the held-out images, in NumPy's order
 */
public record CifarSplit(int[] train, int[] validation) {
    public static final int DEFAULT_SEED = 1, DEFAULT_VALIDATION = 1_000;

    public static CifarSplit of(int total, int validationSize, long seed) {
        int[] validation = new NumpyRandomState(seed).choiceWithoutReplacement(total, validationSize);
        boolean[] held = new boolean[total];
        for (int i : validation) held[i] = true;
        int[] train = new int[total - validationSize];
        int k = 0;
        for (int i = 0; i < total; i++) if (!held[i]) train[k++] = i;
        return new CifarSplit(train, validation);
    }

    /** The paper's split of the 50,000 training images. */
    public static CifarSplit paper() {
        return of(50_000, DEFAULT_VALIDATION, DEFAULT_SEED);
    }

    /**
     * The paper's split for the real training set; for another size (small test data) the same
     * rule with a held-out share of 1/50, at least one image.
     */
    public static CifarSplit forTrainingSet(int count) {
        return count == 50_000 ? paper() : of(count, Math.max(1, count / 50), DEFAULT_SEED);
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] validation() {
        return validation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CifarSplit s && Arrays.equals(train, s.train) && Arrays.equals(validation, s.validation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(train) + Arrays.hashCode(validation);
    }

    @Override
    public String toString() {
        return "CifarSplit(" + train.length + " train, " + validation.length + " validation)";
    }
}
