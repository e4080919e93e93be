package ionas.experiments.report;

/**
 * What one of our numbers is compared with: a published number, a published finding without a
 * number, or a baseline measured in the same run.
 *
 * @param source who says it, e.g. "arch2vec Table 1" or "mean-vector baseline"
 * @param value  the number, or null for a finding without one (the paper's figures)
 */
record Reference(String source, Estimate value) {
    static Reference finding(String source) {
        return new Reference(source, null);
    }

    boolean hasNumber() {
        return value != null && value.present();
    }

    /** "source: number", for a line of text. */
    String format(Measure m, boolean published) {
        return hasNumber() ? source + ": " + number(m, published) : source;
    }

    /** "number (source)", for a table cell, where the number should catch the eye first. */
    String formatCell(Measure m, boolean published) {
        return hasNumber() ? number(m, published) + " (" + source + ")" : source;
    }

    private String number(Measure m, boolean published) {
        return published && value.interval() == Estimate.Interval.NONE ? m.formatPublished(value.value()) : value.format(m);
    }
}
