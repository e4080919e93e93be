package ionas.nas.predict;

import ionas.nas.numeric.Correlation;

/** The error measures of the prediction study (spec 3.12, A.5). */
public final class PredictionMetrics {
    /** arch2vec and info-NAS score only cells whose true accuracy exceeds this. */
    public static final double ACCURACY_THRESHOLD = 0.8;

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
