package ionas.nas.predict;

/** The regressors of the prediction study, with their defaults. */
public enum RegressorKind {
    /** info-NAS's {@code rf_tune}: 200 trees, 4 features per split ({@link RandomForestRegressor#INFO_NAS}). */
    RANDOM_FOREST,
    /** An exact Gaussian process with a fitted RBF kernel ({@link GaussianProcessRegressor#DEFAULT}). */
    GAUSSIAN_PROCESS;

    /** The regressor with this kind's default settings. */
    public Regressor create() {
        return switch (this) {
            case RANDOM_FOREST -> new RandomForestRegressor(RandomForestRegressor.INFO_NAS);
            case GAUSSIAN_PROCESS -> new GaussianProcessRegressor(GaussianProcessRegressor.DEFAULT);
        };
    }

    /** A short name for files: {@code rf} or {@code gp}. */
    public String shortName() {
        return this == RANDOM_FOREST ? "rf" : "gp";
    }
}
