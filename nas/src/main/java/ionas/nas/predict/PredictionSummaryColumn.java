package ionas.nas.predict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a prediction study's {@code KIND-summary.csv} ({@code rf-summary.csv},
 * {@code gp-summary.csv}), in file order: one row per regressor, target and training size, with
 * the spread of RMSE, Pearson's r, Spearman's rho and Kendall's tau-b over the seeds. {@link PredictionStudy} writes the file and the
 * report reads it back, both by these names.
 */
public enum PredictionSummaryColumn {
    REGRESSOR, TARGET, TRAIN_SIZE, SEEDS,
    RMSE_MEDIAN, RMSE_Q1, RMSE_Q3, RMSE_MEAN, RMSE_STD,
    R_MEDIAN, R_Q1, R_Q3, R_MEAN, R_STD,
    RHO_MEDIAN, RHO_Q1, RHO_Q3, RHO_MEAN, RHO_STD,
    TAU_MEDIAN, TAU_Q1, TAU_Q3, TAU_MEAN, TAU_STD;

    /** The five columns of one metric's spread over the seeds. */
    public record Spread(PredictionSummaryColumn median, PredictionSummaryColumn q1, PredictionSummaryColumn q3,
                         PredictionSummaryColumn mean, PredictionSummaryColumn std) {}

    /** RMSE's columns. */
    public static final Spread RMSE = new Spread(RMSE_MEDIAN, RMSE_Q1, RMSE_Q3, RMSE_MEAN, RMSE_STD);
    /** Pearson's r's columns. */
    public static final Spread PEARSON_R = new Spread(R_MEDIAN, R_Q1, R_Q3, R_MEAN, R_STD);
    /** Spearman's rho's columns. */
    public static final Spread SPEARMAN_RHO = new Spread(RHO_MEDIAN, RHO_Q1, RHO_Q3, RHO_MEAN, RHO_STD);
    /** Kendall's tau-b's columns. */
    public static final Spread KENDALL_TAU = new Spread(TAU_MEDIAN, TAU_Q1, TAU_Q3, TAU_MEAN, TAU_STD);

    /** The file's name for a regressor's short name ({@link RegressorKind#shortName}): {@code rf-summary.csv}. */
    public static String fileName(String regressor) {
        return regressor + "-summary.csv";
    }

    /** The column's name in the header line: the constant's name in lower case. */
    public String header() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The header line's names, in file order. */
    public static List<String> headers() {
        return Arrays.stream(values()).map(PredictionSummaryColumn::header).toList();
    }
}
