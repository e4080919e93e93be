package ionas.nas.predict.encoding;

import java.util.List;

/**
 * A way to turn NAS-Bench-101 cells, named by hash, into feature vectors for a performance
 * predictor: from the graph ({@link AdjacencyEncoding}, {@link PathEncoding} through {@link GraphFeatureEncoding}), from a file of
 * learned embeddings ({@link EmbeddingFileEncoding}), from zero-cost proxies
 * ({@link ZeroCostEncoding}) or two of them side by side ({@link ConcatenatedEncoding}).
 */
public interface CellEncoding {
    /** The name results and tables carry, e.g. {@code path}. */
    String name();

    /**
     * One row of features per hash, in the order given.
     *
     * @throws IllegalArgumentException naming how many hashes this encoding has no features for,
     *     and one of them
     */
    double[][] encode(List<String> hashes);

    /**
     * Whether the predictor study standardises these features with the mean and standard deviation
     * of the training cells before fitting ({@link ionas.nas.predict.TrainingStandardiser}): true for features whose
     * scales differ by orders of magnitude, such as the zero-cost proxies.
     */
    default boolean standardisedOnTraining() {
        return false;
    }
}
