package ionas.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The top of the report: the headline results of the {@link Summary}, each beside the published
 * number or the in-run baseline it is compared with, with a verdict and its reason, then the key
 * figures. Made from the summary alone, so it says exactly what summary.json says.
 */
final class GlanceSection {
    static final String ANCHOR = "results", TITLE = "Results at a glance";

    private GlanceSection() {}

    /**
     * @param figures the key charts, already part of the step sections further down
     * @param space   what the run's numbers can be set beside: the preset note speaks of published
     *                numbers only where the space has them
     */
    static List<Block> blocks(Summary s, List<Block.Figure> figures, ReportSpace space) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(2, TITLE, ANCHOR));
        if (!space.published())
            blocks.add(new Block.Note("Apart from arch2vec's pretraining (its Table 1 has a row for this space), nothing comparable is "
                    + "published for this search space, so every other verdict sets a number beside this run's own baseline: the extended "
                    + "model against the mean-vector baseline, a search against random search on the same budget, the extended model's "
                    + "prediction against arch2vec's."));
        else if (!s.settings().paperPreset())
            blocks.add(new Block.Note("Preset '" + s.settings().preset() + "' is smaller than '" + ReportWriter.PAPER_PRESET + "' (fewer networks, "
                    + "epochs, images or runs), so its numbers are not expected to equal the published ones. The paper's findings "
                    + "within a run still apply: the extended model against the mean-vector baseline, REINFORCE against random "
                    + "search on the same budget; 'matches' there means the published finding holds in this run."));
        List<List<String>> rows = new ArrayList<>();
        for (Headline h : s.headlines()) {
            if (h.prominence() == Headline.Prominence.DETAIL) continue;
            rows.add(List.of(h.title(), h.oursText(), h.published() == null ? "—" : h.published().formatCell(h.measure(), true),
                    h.baseline() == null ? "—" : h.baseline().formatCell(h.measure(), false), h.verdict().label, h.judgement().why()));
        }
        if (rows.isEmpty()) blocks.add(new Block.Note("No step has left results yet."));
        else blocks.add(new Block.Table("Our results beside the published ones (paper, arch2vec) and this run's baselines "
                + "(all of them, every training size included, in " + Summary.FILE + ")",
                List.of("result", "ours", "published", "baseline (this run)", "verdict", "why"), rows, "results"));
        blocks.add(new Block.Paragraph("Verdicts: 'matches' when the published number lies within our interval (accuracies: within 1 "
                + "percentage point), or when ours beats this run's baseline with disjoint intervals, as published; 'better' or 'worse' "
                + "when the intervals are apart; 'inconclusive' when ours and the baseline overlap; 'not comparable' when the preset, "
                + "records, target or metric differ from the published ones."));
        if (!s.notRun().isEmpty()) blocks.add(new Block.Note("Not run yet: " + String.join(", ", s.notRun()) + "."));
        if (!figures.isEmpty()) {
            blocks.add(new Block.Heading(3, "Key figures", null));
            blocks.addAll(figures);
        }
        return blocks;
    }
}
