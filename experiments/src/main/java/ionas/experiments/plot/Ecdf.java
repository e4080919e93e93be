package ionas.experiments.plot;

import java.util.Arrays;

/**
 * The empirical CDF of a sample as the corners of its step line: {@code x} are the sorted values
 * and {@code p[i]} the fraction of the sample at or below {@code x[i]}. A first corner at height 0
 * makes the line rise from the axis at the smallest value instead of starting mid-air.
 *
 * @param x the corner abscissas, ascending
 * @param p the cumulative fractions, from 0 to 1
 */
record Ecdf(double[] x, double[] p) {

    /** The ECDF of the non-NaN values of {@code sample}, or null when there are none. */
    static Ecdf of(double[] sample) {
        double[] v = Arrays.stream(sample).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return null;
        double[] x = new double[v.length + 1];
        double[] p = new double[v.length + 1];
        x[0] = v[0];
        p[0] = 0;
        for (int i = 0; i < v.length; i++) {
            x[i + 1] = v[i];
            p[i + 1] = (i + 1) / (double) v.length;
        }
        return new Ecdf(x, p);
    }
}
