package ionas.nas.predict.study;

/**
 * One fit of the predictor benchmark: {@code regressor} trained on {@code trainSize} cells drawn
 * with {@code seed} and encoded by {@code encoding}, scored on the other {@code testCells} cells.
 *
 * @param precisionTop1 {@link ionas.nas.predict.PredictionMetrics#precisionAtTop} at 1%
 * @param fitSeconds wall time of the fit (standardisation included)
 * @param querySeconds wall time of predicting all {@code testCells} cells
 */
public record PredictorFit(String encoding, String regressor, int trainSize, int seed, int testCells, double rmse, double pearson,
                           double spearman, double kendall, double precisionTop1, double fitSeconds, double querySeconds) {
    /** What identifies a fit in the results file: resumed runs skip the keys they find there. */
    public record Key(String encoding, String regressor, int trainSize, int seed) {}

    public Key key() {
        return new Key(encoding, regressor, trainSize, seed);
    }
}
