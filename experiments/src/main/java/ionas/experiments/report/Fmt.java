package ionas.experiments.report;

import java.util.Locale;

/** How numbers are printed in the report: the same whatever the machine's language, NaN as "n/a". */
final class Fmt {
    static final String NA = "n/a";

    private Fmt() {}

    /** A fraction in percent with two decimals: 0.4497 -> "44.97%". */
    static String pct(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : NA;
    }

    /** Four significant digits, enough to compare regrets (0.002091) and losses alike. */
    static String sig(double v) {
        if (!Double.isFinite(v)) return NA;
        if (v == 0) return "0";
        double a = Math.abs(v);
        // plain notation from 1e-4 to 1e6, where readers expect it; %g would switch to 1.000e-04 style
        if (a >= 1e-4 && a < 1e6) {
            int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * A published number as printed in its source: 0.018, not 0.01800. Ten significant digits
     * absorb the noise of arithmetic on it (0.69 - 0.67 prints 0.02).
     */
    static String published(double v) {
        return Double.isFinite(v)
                ? java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString() : NA;
    }

    /** A percentile rank out of 100 with three decimals, cut rather than rounded so that only the best cell shows 100. */
    static String percentile(double p) {
        return Double.isFinite(p) ? String.format(Locale.ROOT, "%.3f", Math.floor(p * 1000) / 1000) : NA;
    }

    /** A published {@code mean ± spread}, each as printed in its source. */
    static String publishedPlusMinus(double mean, double spread) {
        return Double.isFinite(spread) ? published(mean) + " ± " + published(spread) : published(mean);
    }

    /** A count with thousands separators: 608000 -> "608,000". */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A count and its noun: "1 epoch", "2 epochs", "1,000 networks". */
    static String count(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** {@code mean ± spread}. */
    static String plusMinus(double mean, double spread) {
        return Double.isFinite(spread) ? sig(mean) + " ± " + sig(spread) : sig(mean);
    }

    /** {@code value [low, high]}, for a confidence interval or a range. */
    static String interval(String value, String low, String high) {
        return value + " [" + low + ", " + high + "]";
    }

    /** A duration for people: "42.0 s", "12.5 min", "3.2 h". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) return NA;
        if (seconds < 120) return String.format(Locale.ROOT, "%.1f s", seconds);
        if (seconds < 7200) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
