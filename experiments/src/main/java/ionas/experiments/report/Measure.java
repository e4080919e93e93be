package ionas.experiments.report;

/**
 * What kind of number a headline is: how it is printed, which way is better, and how close to a
 * published number still counts as the same.
 */
enum Measure {
    /** A fraction printed in percent; within one percentage point of a published value matches (single runs have no interval). */
    ACCURACY("accuracy", true, 0.01, "1 percentage point"),
    /** The IO model's labeled L1 loss. */
    L1_LOSS("l1_loss", false, 0, ""),
    /** Best accuracy of the records minus the best found. */
    REGRET("regret", false, 0, ""),
    RMSE("rmse", false, 0, ""),
    PEARSON_R("pearson_r", true, 0, "");

    /** The name in summary.json. */
    final String key;
    final boolean higherIsBetter;
    /** How far apart ours and a published interval may be and still match; {@code toleranceText} says it in words. */
    final double tolerance;
    final String toleranceText;

    Measure(String key, boolean higherIsBetter, double tolerance, String toleranceText) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
        this.tolerance = tolerance;
        this.toleranceText = toleranceText;
    }

    /** One of our numbers. */
    String format(double v) {
        return this == ACCURACY ? Fmt.pct(v) : Fmt.sig(v);
    }

    /** A published number, as its source prints it (accuracies still in percent). */
    String formatPublished(double v) {
        return this == ACCURACY ? Fmt.pct(v) : Fmt.published(v);
    }

    /** "lower" or "higher", for the reasons and summary.json. */
    String better() {
        return higherIsBetter ? "higher" : "lower";
    }
}
