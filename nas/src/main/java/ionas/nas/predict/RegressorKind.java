package ionas.nas.predict;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The regressors of the prediction studies, with their defaults. */
public enum RegressorKind {
    /** info-NAS's {@code rf_tune}: 200 trees, 4 features per split ({@link RandomForestRegressor#INFO_NAS}). */
    RANDOM_FOREST("rf"),
    /** An exact Gaussian process with a fitted RBF kernel ({@link GaussianProcessRegressor#DEFAULT}). */
    GAUSSIAN_PROCESS("gp"),
    /** The same Gaussian process with fenced targets and a multi-start likelihood search ({@link GaussianProcessRegressor#STEADY}). */
    GAUSSIAN_PROCESS_STEADY("gp-steady"),
    /** Smile's gradient-boosted trees ({@link GradientBoostedTreesRegressor#DEFAULT}). */
    GRADIENT_BOOSTING("gbt"),
    /** A small MLP on the ionas engine ({@link MlpRegressor#DEFAULT}). */
    MLP("mlp");

    private final String shortName;

    RegressorKind(String shortName) {
        this.shortName = shortName;
    }

    /** The regressor with this kind's default settings. */
    public Regressor create() {
        return switch (this) {
            case RANDOM_FOREST -> new RandomForestRegressor(RandomForestRegressor.INFO_NAS);
            case GAUSSIAN_PROCESS -> new GaussianProcessRegressor(GaussianProcessRegressor.DEFAULT);
            case GAUSSIAN_PROCESS_STEADY -> new GaussianProcessRegressor(GaussianProcessRegressor.STEADY);
            case GRADIENT_BOOSTING -> new GradientBoostedTreesRegressor(GradientBoostedTreesRegressor.DEFAULT);
            case MLP -> new MlpRegressor(MlpRegressor.DEFAULT);
        };
    }

    /** A short name for files and tables: {@code rf}, {@code gp}, {@code gp-steady}, {@code gbt} or {@code mlp}. */
    public String shortName() {
        return shortName;
    }

    /** The kind whose {@link #shortName()} is {@code name} (any case), or an error listing them. */
    public static RegressorKind parse(String name) {
        for (RegressorKind k : values()) if (k.shortName.equals(name.trim().toLowerCase(Locale.ROOT))) return k;
        throw new IllegalArgumentException("unknown regressor '" + name + "': expected one of "
                + Arrays.stream(values()).map(RegressorKind::shortName).collect(Collectors.joining(", ")));
    }
}
