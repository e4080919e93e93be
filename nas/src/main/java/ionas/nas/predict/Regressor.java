package ionas.nas.predict;

/**
 * A regression method that maps embeddings to accuracies. Fitting depends only on the data and the
 * seed, and runs on the calling thread (or, for Smile's forest, on the fork-join pool the caller
 * runs in), so fits of different studies can go in parallel.
 */
public interface Regressor {
    /** A fitted model. */
    interface Fitted {
        /** The predictions for embeddings {@code x}, one row each. */
        double[] predict(double[][] x);
    }

    /**
     * Fits {@code x} (one row per cell) to {@code y}.
     *
     * @param seed makes the fit reproducible where it is random
     */
    Fitted fit(double[][] x, double[] y, long seed);
}
