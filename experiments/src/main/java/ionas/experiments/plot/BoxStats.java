package ionas.experiments.plot;

import java.util.Arrays;

/**
 * The five numbers a box plot draws, with Tukey's whiskers: the box spans the quartiles, each
 * whisker reaches the most extreme sample within 1.5 interquartile ranges of its quartile, and the
 * samples beyond are outliers. Quartiles interpolate linearly between order statistics (R's type 7,
 * NumPy's default), so they match what a reader would compute with pandas.
 *
 * @param q1           first quartile
 * @param median       median
 * @param q3           third quartile
 * @param whiskerLow   lowest sample at or above {@code q1 - 1.5 IQR}
 * @param whiskerHigh  highest sample at or below {@code q3 + 1.5 IQR}
 * @param outliers     the samples outside the whiskers, ascending
 */
record BoxStats(double q1, double median, double q3, double whiskerLow, double whiskerHigh, double[] outliers) {

    /** The statistics of the non-NaN values of {@code samples}, or null when there are none. */
    static BoxStats of(double[] samples) {
        double[] v = Arrays.stream(samples).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return null;
        double q1 = quantile(v, 0.25);
        double median = quantile(v, 0.5);
        double q3 = quantile(v, 0.75);
        double reach = 1.5 * (q3 - q1);
        double lowFence = q1 - reach;
        double highFence = q3 + reach;
        double low = q1;
        double high = q3;
        for (double d : v) {
            if (d >= lowFence) {
                low = Math.min(low, d);
                break;
            }
        }
        for (int i = v.length - 1; i >= 0; i--) {
            if (v[i] <= highFence) {
                high = Math.max(high, v[i]);
                break;
            }
        }
        double[] outliers = Arrays.stream(v).filter(d -> d < lowFence || d > highFence).toArray();
        return new BoxStats(q1, median, q3, low, high, outliers);
    }

    /** The {@code p}-quantile of ascending {@code sorted}, interpolating linearly. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int below = (int) Math.floor(pos);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (pos - below) * (sorted[above] - sorted[below]);
    }
}
