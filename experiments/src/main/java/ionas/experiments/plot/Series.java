package ionas.experiments.plot;

import java.util.Objects;

/**
 * One line of a line chart. When {@code lower} and {@code upper} are given (both, same length as
 * {@code y}) a shaded band is drawn between them, e.g. a 95% confidence interval; both {@code null}
 * means no band.
 *
 * <p>Values must be finite or NaN. A point whose x or y is NaN is left out and breaks the line
 * there; a band point with a NaN bound breaks the band there. The arrays are copied in and out, so a
 * caller that reuses its buffers cannot change a series after the fact.
 *
 * @param name  the legend entry; not null
 * @param x     the x values
 * @param y     the y values, as many as x
 * @param lower the band's lower bound per point, or null
 * @param upper the band's upper bound per point, or null
 */
public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {

    public Series {
        Objects.requireNonNull(name, "series name");
        Objects.requireNonNull(x, () -> "series '" + name + "': x");
        Objects.requireNonNull(y, () -> "series '" + name + "': y");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + name + "': x has " + x.length + " values but y has " + y.length);
        }
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException(
                    "series '" + name + "': give both band bounds (lower and upper) or neither");
        }
        if (lower != null && (lower.length != y.length || upper.length != y.length)) {
            throw new IllegalArgumentException("series '" + name + "': the band has " + lower.length
                    + " lower and " + upper.length + " upper values but y has " + y.length);
        }
        x = x.clone();
        y = y.clone();
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
        requireFiniteOrNaN(name, "x", x);
        requireFiniteOrNaN(name, "y", y);
        requireFiniteOrNaN(name, "lower", lower);
        requireFiniteOrNaN(name, "upper", upper);
    }

    /** A line without a band. */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, x, y, null, null);
    }

    /** A line with a shaded band from {@code lower} to {@code upper}. */
    public static Series withBand(String name, double[] x, double[] y, double[] lower, double[] upper) {
        Objects.requireNonNull(lower, () -> "series '" + name + "': lower");
        Objects.requireNonNull(upper, () -> "series '" + name + "': upper");
        return new Series(name, x, y, lower, upper);
    }

    /** Whether this series has a band. */
    public boolean hasBand() {
        return lower != null;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[] lower() {
        return lower == null ? null : lower.clone();
    }

    @Override
    public double[] upper() {
        return upper == null ? null : upper.clone();
    }

    private static void requireFiniteOrNaN(String name, String what, double[] values) {
        if (values == null) return;
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(
                        "series '" + name + "': " + what + "[" + i + "] is " + values[i] + " (use NaN to leave a point out)");
            }
        }
    }
}
