package ionas.nas.predict;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One fit of the prediction study: a regressor trained on {@code trainSize} cells chosen with
 * {@code seed}, scored by RMSE and Pearson's r on the other cells whose true accuracy exceeds 0.8
 * (as arch2vec and info-NAS), and by Spearman's rho and Kendall's tau-b on all the other cells (as
 * the predictor benchmark, {@code ionas predict study}, ranks them).
 *
 * @param regressor {@link RegressorKind#shortName()}
 * @param evaluated how many cells RMSE and r were scored on (held out and above the threshold)
 * @param spearman Spearman's rho over every held-out cell; NaN in results written before it was measured
 * @param kendall Kendall's tau-b over every held-out cell; NaN in results written before it was measured
 * @param seconds wall time of the fit and the predictions
 */
public record PredictionResult(String regressor, int trainSize, int seed, PredictionTarget target, double rmse,
                               double pearson, int evaluated, double spearman, double kendall, double seconds) {
    /**
     * Reads a result file: files written before the rank measures existed lack them, and read them
     * as NaN (not measured), not as a correlation of 0.
     */
    @JsonCreator
    static PredictionResult read(@JsonProperty("regressor") String regressor, @JsonProperty("trainSize") int trainSize,
                                 @JsonProperty("seed") int seed, @JsonProperty("target") PredictionTarget target, @JsonProperty("rmse") double rmse,
                                 @JsonProperty("pearson") double pearson, @JsonProperty("evaluated") int evaluated,
                                 @JsonProperty("spearman") Double spearman, @JsonProperty("kendall") Double kendall,
                                 @JsonProperty("seconds") double seconds) {
        return new PredictionResult(regressor, trainSize, seed, target, rmse, pearson, evaluated, spearman == null ? Double.NaN : spearman,
                kendall == null ? Double.NaN : kendall, seconds);
    }
}
