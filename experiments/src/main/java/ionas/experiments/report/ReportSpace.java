package ionas.experiments.report;

/**
 * The search space a report describes, and so what its step sections set their numbers beside.
 * NAS-Bench-101 is the paper's space: every number stands beside the paper's or arch2vec's published
 * figure. NAS-Bench-201 is the paper's future work, and nothing comparable is published for it here:
 * its sections judge a number only against the run's own baseline where the run has one, and its
 * headline keys start with {@code nb201.} so that scripts never mix them up with NAS-Bench-101's.
 */
enum ReportSpace {
    NB101("", ""),
    NB201("nb201.", "NAS-Bench-201, ");

    private final String keyPrefix, titlePrefix;

    ReportSpace(String keyPrefix, String titlePrefix) {
        this.keyPrefix = keyPrefix;
        this.titlePrefix = titlePrefix;
    }

    /** Whether published figures of this space are set beside the run's numbers. */
    boolean published() {
        return this == NB101;
    }

    /** A headline's key in summary.json, e.g. {@code nb201.io_model.epoch3.train.labeled_l1}. */
    String id(String key) {
        return keyPrefix + key;
    }

    /** A headline's title, which names the space where that is not the paper's. */
    String title(String title) {
        return titlePrefix + title;
    }
}
