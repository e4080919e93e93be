package ionas.experiments.report;

/**
 * A number with the interval it came with: a mean with its 95% confidence interval, a mean with
 * the smallest and largest value, a median with its quartiles, or a published mean ± its standard
 * deviation. Missing values are NaN.
 *
 * @param value    the mean or median
 * @param low      the interval's lower end, NaN without an interval
 * @param high     its upper end
 * @param interval what {@code [low, high]} is
 */
record Estimate(double value, double low, double high, Interval interval) {
    /** What the interval of an estimate is; {@link #key} is its name in summary.json. */
    enum Interval {
        NONE("none", "", "values"), RANGE("min_max", "min, max", "ranges"), CI95("ci95", "95% CI", "95% intervals"),
        QUARTILES("quartiles", "quartiles", "interquartile ranges"), STD("std", "± std", "± std intervals");

        /** {@code label} names the interval in a title, {@code plural} in a reason ("95% intervals overlap"). */
        final String key, label, plural;

        Interval(String key, String label, String plural) {
            this.key = key;
            this.label = label;
            this.plural = plural;
        }
    }

    Estimate {
        if (interval == Interval.NONE && !(Double.isNaN(low) && Double.isNaN(high)))
            throw new IllegalArgumentException("an estimate without an interval has no bounds");
    }

    static Estimate point(double value) {
        return new Estimate(value, Double.NaN, Double.NaN, Interval.NONE);
    }

    /** A mean with its standard error, as the normal 95% interval {@code mean ± 1.96 se}. */
    static Estimate meanWithSe(double mean, double se) {
        return Double.isFinite(se) ? new Estimate(mean, mean - 1.96 * se, mean + 1.96 * se, Interval.CI95) : point(mean);
    }

    /** A published {@code mean ± std}, or the bare mean when no spread was published. */
    static Estimate plusMinus(double mean, double std) {
        return Double.isFinite(std) ? new Estimate(mean, mean - std, mean + std, Interval.STD) : point(mean);
    }

    boolean present() {
        return !Double.isNaN(value);
    }

    /** The interval's lower end, the value itself without one. */
    double lower() {
        return Double.isNaN(low) ? value : low;
    }

    double upper() {
        return Double.isNaN(high) ? value : high;
    }

    /** Whether the two intervals are more than {@code tolerance} apart. */
    boolean disjointFrom(Estimate other, double tolerance) {
        return upper() + tolerance < other.lower() || other.upper() + tolerance < lower();
    }

    /** {@code value [low, high]}, or {@code mean ± std} for a published spread. */
    String format(Measure m) {
        if (!present()) return Fmt.NA;
        return switch (interval) {
            case NONE -> m.format(value);
            case STD -> m.formatPublished(value) + " ± " + m.formatPublished(high - value);
            default -> Fmt.interval(m.format(value), m.format(low), m.format(high));
        };
    }
}
