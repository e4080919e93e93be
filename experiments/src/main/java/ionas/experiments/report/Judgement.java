package ionas.experiments.report;

/**
 * A verdict on one of our numbers ({@link Judge} gives it).
 *
 * @param verdict how ours stands
 * @param basis   what the verdict compared ours with
 * @param why     the reason, in words
 */
record Judgement(Verdict verdict, Basis basis, String why) {
    /** What a verdict rests on; {@link #key} is its name in summary.json. */
    enum Basis {
        PUBLISHED("published"), BASELINE("baseline"), NONE("none");

        final String key;

        Basis(String key) {
            this.key = key;
        }
    }
}
