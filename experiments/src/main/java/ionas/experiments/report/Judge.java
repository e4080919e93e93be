package ionas.experiments.report;

/**
 * The verdict on one of our numbers, and why.
 *
 * <p>The rules, in order:
 * <ol>
 * <li>no value of ours: not comparable;
 * <li>a published number and nothing that makes it incomparable (no caveat): our interval against
 *     the published one, each widened by the measure's tolerance; overlapping is "matches", else
 *     "better" or "worse" by the measure's direction;
 * <li>a baseline of this run that the published work found to be beaten (the mean-vector baseline,
 *     random search on the same budget): the finding holds when the intervals are disjoint with
 *     ours on the better side ("matches"), is reversed when they are disjoint the other way
 *     ("worse"), and the run cannot tell when they overlap ("inconclusive"). This is a comparison
 *     within the run, so it needs no published number and holds at any preset; the caveat is added
 *     to the reason;
 * <li>otherwise not comparable, for the caveat's reason or for want of a published number.
 * </ol>
 */
final class Judge {
    private Judge() {}

    /**
     * @param published the published number or finding for the same quantity; may be null
     * @param caveat    why the published number cannot be set against ours (preset, records, target),
     *                  null when it can
     * @param baseline  an in-run baseline the published work beat; may be null
     */
    static Judgement judge(Measure m, Estimate ours, Reference published, String caveat, Reference baseline) {
        if (!ours.present()) return new Judgement(Verdict.NOT_COMPARABLE, Judgement.Basis.NONE, "no value in this run");
        if (published != null && published.hasNumber() && caveat == null) return againstPublished(m, ours, published.value());
        if (baseline != null && baseline.hasNumber()) {
            Judgement j = againstBaseline(m, ours, baseline.value());
            String note = caveat == null ? "" : published != null && published.hasNumber() ? "; published number not comparable: " + caveat
                    : "; " + caveat;
            return new Judgement(j.verdict(), j.basis(), j.why() + note);
        }
        if (caveat != null) return new Judgement(Verdict.NOT_COMPARABLE, Judgement.Basis.NONE, caveat);
        return new Judgement(Verdict.NOT_COMPARABLE, Judgement.Basis.NONE, published == null ? "no published number" : "the published result has no number");
    }

    private static Judgement againstPublished(Measure m, Estimate ours, Estimate published) {
        boolean oursSpread = ours.interval() != Estimate.Interval.NONE, theirsSpread = published.interval() != Estimate.Interval.NONE;
        if (!ours.disjointFrom(published, m.tolerance)) {
            String how = oursSpread || theirsSpread ? "the intervals overlap" : m.tolerance > 0 ? "within " + m.toleranceText + " of the published value"
                    : "equal to the published value";
            return new Judgement(Verdict.MATCHES, Judgement.Basis.PUBLISHED, how);
        }
        boolean above = ours.lower() > published.upper();
        Verdict v = above == m.higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
        String beyond = oursSpread ? "beyond our " + ours.interval().label : m.tolerance > 0 ? "by more than " + m.toleranceText : "";
        return new Judgement(v, Judgement.Basis.PUBLISHED, (above ? "above" : "below") + " the published value" + (beyond.isEmpty() ? "" : " " + beyond) + " ("
                + m.better() + " is better)");
    }

    private static Judgement againstBaseline(Measure m, Estimate ours, Estimate baseline) {
        String kind = ours.interval().plural;
        if (!ours.disjointFrom(baseline, 0)) return new Judgement(Verdict.INCONCLUSIVE, Judgement.Basis.BASELINE, kind + " overlap the baseline's");
        boolean better = (ours.value() > baseline.value()) == m.higherIsBetter;
        return better
                ? new Judgement(Verdict.MATCHES, Judgement.Basis.BASELINE, "better than the baseline, " + kind + " disjoint, as published")
                : new Judgement(Verdict.WORSE, Judgement.Basis.BASELINE, "worse than the baseline, " + kind + " disjoint, unlike the published result");
    }
}
