package ionas.experiments.report;

/** How one of our headline numbers stands against what it is compared with; {@link #label} is its text in the report and summary.json. */
enum Verdict {
    /** The published number lies within our interval (and tolerance), or the published finding holds with disjoint intervals. */
    MATCHES("matches"),
    /** Ours is better than the published number, beyond both intervals. */
    BETTER("better"),
    /** Ours is worse than the published number, or the published finding is reversed, beyond both intervals. */
    WORSE("worse"),
    /** The intervals of ours and of the in-run baseline overlap: the run cannot tell. */
    INCONCLUSIVE("inconclusive"),
    /** Different preset, records, target or metric than the published number, or no published number at all. */
    NOT_COMPARABLE("not comparable");

    final String label;

    Verdict(String label) {
        this.label = label;
    }
}
