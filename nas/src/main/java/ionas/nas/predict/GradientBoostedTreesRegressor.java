package ionas.nas.predict;

import smile.data.formula.Formula;
import smile.math.MathEx;
import smile.model.cart.Loss;
import smile.regression.GradientTreeBoost;

/**
 * Gradient-boosted regression trees through Smile ({@code smile.regression.GradientTreeBoost},
 * Friedman's stochastic gradient boosting): least-squares loss, each tree fitted to the residuals
 * of the ones before on a random subsample of the training cells, its predictions shrunk.
 *
 * <p>Smile draws the subsamples from its per-thread generator, which {@link #fit} seeds with the
 * fit's seed on the calling thread (the boosting loop runs there), so a fit is reproducible.
 */
public final class GradientBoostedTreesRegressor implements Regressor {
    /**
     * @param trees boosting rounds
     * @param maxDepth the deepest a tree may grow
     * @param maxLeaves the most leaves a tree may have
     * @param minLeafSize the fewest training cells a leaf may hold
     * @param shrinkage the learning rate each tree's predictions are scaled by
     * @param subsample the share of the training cells each tree sees
     */
    public record Options(int trees, int maxDepth, int maxLeaves, int minLeafSize, double shrinkage, double subsample) {
        public Options {
            if (trees < 1 || maxDepth < 1 || maxLeaves < 2 || minLeafSize < 1)
                throw new IllegalArgumentException("invalid boosting options: trees " + trees + ", depth " + maxDepth + ", leaves " + maxLeaves
                        + ", leaf size " + minLeafSize);
            if (!(shrinkage > 0 && shrinkage <= 1) || !(subsample > 0 && subsample <= 1))
                throw new IllegalArgumentException("shrinkage and subsample must be in (0, 1], not " + shrinkage + " and " + subsample);
        }
    }

    /**
     * 300 trees of at most 8 leaves (depth 6) down to 2 cells a leaf, shrinkage 0.05, subsample 0.7:
     * Smile's defaults but for the loss (least squares, not least absolute deviation), the tree size
     * (small trees, as Friedman recommends) and a leaf size small enough for 10 training cells.
     */
    public static final Options DEFAULT = new Options(300, 6, 8, 2, 0.05, 0.7);

    private final Options options;

    public GradientBoostedTreesRegressor(Options options) {
        this.options = options;
    }

    @Override
    public Fitted fit(double[][] x, double[] y, long seed) {
        int dim = x[0].length;
        String[] names = SmileFrames.names(dim);
        var smileOptions = new GradientTreeBoost.Options(Loss.ls(), options.trees(), options.maxDepth(), options.maxLeaves(),
                options.minLeafSize(), options.shrinkage(), options.subsample(), null, null);
        MathEx.setSeed(seed);
        GradientTreeBoost model = GradientTreeBoost.fit(Formula.lhs(SmileFrames.TARGET), SmileFrames.withTarget(x, y, names), smileOptions);
        return points -> model.predict(SmileFrames.withTarget(points, new double[points.length], names));
    }

    @Override
    public String toString() {
        return "GradientBoostedTreesRegressor(" + options + ")";
    }
}
