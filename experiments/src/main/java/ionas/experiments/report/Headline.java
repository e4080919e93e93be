package ionas.experiments.report;

import java.util.List;
import java.util.Objects;

/**
 * One result of the run beside what it is compared with, and the verdict: a row of the report's
 * "Results at a glance", an entry of {@code summary.json}, and perhaps a line of the terminal
 * summary.
 *
 * @param id         the stable key in summary.json, e.g. {@code io_model.test_unseen_images.labeled_l1}
 * @param title      what the number is, for people, with the kind of its interval
 * @param measure    how it is printed and which way is better
 * @param ours       our number
 * @param published  the published number or finding for the same quantity, null when there is none
 * @param baseline   a baseline of this run that the published work beat, null when there is none
 * @param judgement  the verdict, what it rests on and why (see {@link Judge})
 * @param extras     further numbers of ours that qualify this one (e.g. the share of search runs that
 *                   found the best cell)
 * @param prominence where the headline is shown besides summary.json
 */
record Headline(String id, String title, Measure measure, Estimate ours, Reference published, Reference baseline, Judgement judgement,
                List<Extra> extras, Prominence prominence) {
    /** Where a headline is shown: every headline is in summary.json. */
    enum Prominence {
        /** Only in summary.json (e.g. prediction at training sizes without a published number). */
        DETAIL,
        /** Also in the report's table of results at a glance. */
        GLANCE,
        /** Also in the few lines {@code reproduce} prints at its end. */
        TERMINAL
    }

    /**
     * A further number of ours.
     *
     * @param key   its name in summary.json
     * @param value NaN when the run did not record it (written as null)
     * @param shown how the report prints it, e.g. "best cell found in 15.00% of 20 runs"; empty: not printed
     */
    record Extra(String key, double value, String shown) {}

    Headline {
        Objects.requireNonNull(id);
        Objects.requireNonNull(ours);
        extras = List.copyOf(extras);
    }

    /** A headline judged by {@link Judge#judge}, shown at a glance, without extras. */
    static Headline judged(String id, String title, Measure m, Estimate ours, Reference published, String caveat, Reference baseline) {
        return new Headline(id, title, m, ours, published, baseline, Judge.judge(m, ours, published, caveat, baseline), List.of(), Prominence.GLANCE);
    }

    Headline with(Prominence p) {
        return new Headline(id, title, measure, ours, published, baseline, judgement, extras, p);
    }

    Headline with(List<Extra> more) {
        return new Headline(id, title, measure, ours, published, baseline, judgement, more, prominence);
    }

    Verdict verdict() {
        return judgement.verdict();
    }

    /** Our number as the report prints it, extras after it. */
    String oursText() {
        StringBuilder b = new StringBuilder(ours.format(measure));
        for (Extra e : extras) if (!e.shown().isEmpty()) b.append("; ").append(e.shown());
        return b.toString();
    }

    /**
     * What ours is set beside, as "source: number": the reference the verdict rests on, else a
     * published number that is not comparable but still worth seeing; empty when there is neither.
     */
    String comparedText() {
        return switch (judgement.basis()) {
            case PUBLISHED -> published.format(measure, true);
            case BASELINE -> baseline.format(measure, false);
            case NONE -> published != null && published.hasNumber() ? published.format(measure, true) : "";
        };
    }
}
