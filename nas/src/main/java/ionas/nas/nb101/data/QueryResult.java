package ionas.nas.nb101.data;

import java.util.OptionalDouble;

/**
 * The answer to a benchmark query: the final evaluation of one repeat ({@link RepeatMode#RANDOM})
 * or the mean over the repeats ({@link RepeatMode#MEAN}).
 *
 * <p><b>Test accuracy</b> is NaN when the source does not have it: the JSON record files
 * ({@code nb101-20k.json}, {@code nb101-1k.json}) have none, only the official TFRecord has.
 * {@link #test()} says so as an OptionalDouble. Train accuracy is NaN for the JSON files too.
 *
 * @param repeat the repeat used (0-based), -1 for MEAN
 * @param repeats how many repeats the source holds for this cell and budget
 * @param trainingTime seconds of training (108-epoch runs: what the budget counter is charged)
 */
public record QueryResult(String hash, int epochs, RepeatMode mode, int repeat, int repeats,
                          double validationAccuracy, double testAccuracy, double trainAccuracy,
                          double trainingTime, long trainableParameters) {
    /** The test accuracy, empty when the source has none (the JSON files). */
    public OptionalDouble test() {
        return Double.isNaN(testAccuracy) ? OptionalDouble.empty() : OptionalDouble.of(testAccuracy);
    }
}
