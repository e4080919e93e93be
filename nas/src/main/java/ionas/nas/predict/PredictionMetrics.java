package ionas.nas.predict;

import ionas.nas.numeric.Correlation;
import java.util.stream.IntStream;

/** The error measures of the prediction study (spec 3.12, A.5). */
public final class PredictionMetrics {
    /**
     * arch2vec and info-NAS score RMSE and r only on cells whose true accuracy exceeds this: a CIFAR-10
     * accuracy, which leaves no cell on data sets whose best is below it (NAS-Bench-201's cifar100 and
     * ImageNet16-120: {@link #NO_CUT} there).
     */
    public static final double ACCURACY_THRESHOLD = 0.8;
    /** A cut below every accuracy: RMSE and r on every predicted cell. */
    public static final double NO_CUT = Double.NEGATIVE_INFINITY;

    private PredictionMetrics() {}

    /** Root mean squared error; NaN for no points. */
    public static double rmse(double[] predicted, double[] truth) {
        check(predicted, truth);
        if (truth.length == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < truth.length; i++) {
            double e = predicted[i] - truth[i];
            s += e * e;
        }
        return Math.sqrt(s / truth.length);
    }

    /** Pearson's correlation coefficient; NaN for fewer than two points or a constant series. */
    public static double pearson(double[] a, double[] b) {
        return Correlation.pearson(a, b);
    }

    /**
     * Precision at the top: of the {@code k = max(1, round(fraction n))} cells predicted best, the
     * share that are among the {@code k} truly best. Ranks are by value, highest first, ties
     * broken by the lower index, so the answer is exact and reproducible.
     *
     * @param fraction in (0, 1], e.g. 0.01 for the top 1%
     */
    public static double precisionAtTop(double[] predicted, double[] truth, double fraction) {
        check(predicted, truth);
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("the top fraction must be in (0, 1], not " + fraction);
        if (truth.length == 0) return Double.NaN;
        int k = Math.max(1, (int) Math.round(fraction * truth.length));
        boolean[] trulyTop = new boolean[truth.length];
        for (int i : topIndices(truth, k)) trulyTop[i] = true;
        int hits = 0;
        for (int i : topIndices(predicted, k)) if (trulyTop[i]) hits++;
        return (double) hits / k;
    }

    private static int[] topIndices(double[] values, int k) {
        return IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** RMSE and r over the points whose true value is above {@code threshold} (strictly), and how many there were. */
    public static Score scoreAbove(double[] predicted, double[] truth, double threshold) {
        check(predicted, truth);
        int m = 0;
        for (double t : truth) if (t > threshold) m++;
        double[] p = new double[m], t = new double[m];
        for (int i = 0, k = 0; i < truth.length; i++) {
            if (truth[i] > threshold) {
                p[k] = predicted[i];
                t[k++] = truth[i];
            }
        }
        return new Score(rmse(p, t), pearson(p, t), m);
    }

    /** An RMSE and Pearson's r over {@code count} points. */
    public record Score(double rmse, double pearson, int count) {}

    private static void check(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("series of different lengths: " + a.length + " and " + b.length);
    }
}
