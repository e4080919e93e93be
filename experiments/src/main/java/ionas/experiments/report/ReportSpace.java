package ionas.experiments.report;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb201.Nb201GraphEncoding;

/**
 * The search space a report describes, and so what its step sections set their numbers beside.
 * NAS-Bench-101 is the paper's space: every number stands beside the paper's or arch2vec's published
 * figure. NAS-Bench-201 is the paper's future work, and nothing comparable is published for it here:
 * its sections judge a number only against the run's own baseline where the run has one, and its
 * headline keys start with {@code nb201.} so that scripts never mix them up with NAS-Bench-101's.
 */
enum ReportSpace {
    NB101("", "", CellSpec.MAX_VERTICES),
    NB201("nb201.", "NAS-Bench-201, ", Nb201GraphEncoding.VERTICES);

    private final String keyPrefix, titlePrefix;
    private final int vertices;

    ReportSpace(String keyPrefix, String titlePrefix, int vertices) {
        this.keyPrefix = keyPrefix;
        this.titlePrefix = titlePrefix;
        this.vertices = vertices;
    }

    /** Whether published figures of this space are set beside the run's numbers. */
    boolean published() {
        return this == NB101;
    }

    /** The vertices of arch2vec's graph of a cell, padding included: what its code divides the KL term by, per cell of a batch. */
    int vertices() {
        return vertices;
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
