package ionas.nas.predict;

/**
 * One fit of the prediction study: a regressor trained on {@code trainSize} cells chosen with
 * {@code seed}, scored on the other cells whose true accuracy exceeds 0.8.
 *
 * @param regressor {@link RegressorKind#shortName()}
 * @param evaluated how many cells were scored (held out and above the threshold)
 * @param seconds wall time of the fit and the predictions
 */
public record PredictionResult(String regressor, int trainSize, int seed, PredictionTarget target, double rmse,
                               double pearson, int evaluated, double seconds) {}
