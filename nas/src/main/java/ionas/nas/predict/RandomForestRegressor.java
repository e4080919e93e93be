package ionas.nas.predict;

import java.util.SplittableRandom;
import smile.data.formula.Formula;
import smile.regression.RandomForest;

/**
 * A random forest of regression trees through Smile ({@code smile.regression.RandomForest}), set up
 * as close to scikit-learn's {@code RandomForestRegressor(n_estimators=200, max_features=4)}, info-NAS's
 * {@code rf_tune} (spec A.5, 4.3), as Smile allows: bootstrap samples of n drawn with replacement
 * (Smile's {@code subsample = 1}), trees grown without a depth or node limit down to leaves of one
 * sample ({@code min_samples_leaf=1}), variance-reduction splits on {@code mtry} random features,
 * predictions averaged.
 *
 * <p>Differences from scikit-learn: when none of the {@code mtry} sampled features gives a valid
 * split, scikit-learn goes on to try others while Smile makes a leaf; Smile's bootstrap and feature
 * draws use its own generator (seeded per tree from the fit's seed), so forests agree with
 * scikit-learn's in distribution, not tree by tree. Smile grows the trees on the fork-join pool of
 * the calling thread (the common pool outside one).
 */
public final class RandomForestRegressor implements Regressor {
    /**
     * @param trees {@code n_estimators}
     * @param featuresPerSplit {@code max_features}; capped at the embedding dimension
     */
    public record Options(int trees, int featuresPerSplit) {
        public Options {
            if (trees < 1 || featuresPerSplit < 1) throw new IllegalArgumentException("invalid forest options " + trees + ", " + featuresPerSplit);
        }
    }

    /** info-NAS's {@code rf_tune}. */
    public static final Options INFO_NAS = new Options(200, 4);

    private final Options options;

    public RandomForestRegressor(Options options) {
        this.options = options;
    }

    @Override
    public Fitted fit(double[][] x, double[] y, long seed) {
        int dim = x[0].length;
        String[] names = SmileFrames.names(dim);
        SplittableRandom seeds = new SplittableRandom(seed);
        long[] treeSeeds = new long[options.trees()];
        for (int t = 0; t < treeSeeds.length; t++) treeSeeds[t] = seeds.nextLong();
        var smileOptions = new RandomForest.Options(options.trees(), Math.min(options.featuresPerSplit(), dim),
                Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 1.0, treeSeeds, null);
        RandomForest forest = RandomForest.fit(Formula.lhs(SmileFrames.TARGET), SmileFrames.withTarget(x, y, names), smileOptions);
        // Smile predicts from a frame of the training schema; the target column is ignored
        return points -> forest.predict(SmileFrames.withTarget(points, new double[points.length], names));
    }

    @Override
    public String toString() {
        return "RandomForestRegressor(" + options + ")";
    }
}
