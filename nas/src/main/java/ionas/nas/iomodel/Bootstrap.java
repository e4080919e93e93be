package ionas.nas.iomodel;

import ionas.nas.random.NumpyRandomState;

/** Percentile bootstrap confidence intervals of a mean, as the paper reports its losses (Figures 3-4, 11-13). */
public final class Bootstrap {
    private Bootstrap() {}

    /** A mean and its confidence interval. */
    public record Interval(double mean, double lower, double upper) {}

    /**
     * The mean of {@code values} and the 2.5th and 97.5th percentiles of the means of
     * {@code resamples} samples drawn with replacement (NumPy's generator, {@code seed}).
     */
    public static Interval mean95(double[] values, int resamples, long seed) {
        int n = values.length;
        if (n == 0) return new Interval(Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        for (double v : values) sum += v;
        if (resamples <= 0) return new Interval(sum / n, Double.NaN, Double.NaN);
        NumpyRandomState rs = new NumpyRandomState(seed);
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += values[(int) rs.interval(n - 1)];
            means[r] = s / n;
        }
        java.util.Arrays.sort(means);
        return new Interval(sum / n, percentile(means, 2.5), percentile(means, 97.5));
    }

    /** NumPy's default ("linear") percentile of sorted values. */
    public static double percentile(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
