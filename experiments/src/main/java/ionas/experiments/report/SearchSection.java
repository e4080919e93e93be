package ionas.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Step 5: architecture search on the embeddings (paper section 4.2, Figs. 7-8; arch2vec's regrets, spec 4.2). */
final class SearchSection {
    static final String STEP = "search", TITLE = "5. Architecture search (paper section 4.2)";

    private static final List<String[]> FIGURES = List.of(
            new String[] {"fig07-regret-validation.png", "Paper Fig. 7 (ours): validation regret during the search, mean of runs"},
            new String[] {"fig08-regret-test.png", "Paper Fig. 8 (ours): test regret during the search, mean of runs"},
            new String[] {"cdf-final-validation-regret.png", "CDF of the final validation regret (as arch2vec's Fig. 6, right)"},
            new String[] {"cdf-final-test-regret.png", "CDF of the final test regret (as arch2vec's Fig. 6, right)"});

    private SearchSection() {}

    static Section read(Path run, Map<String, String> settings) throws IOException {
        Path dir = run.resolve(STEP);
        List<Map<String, String>> summary = RunFiles.csv(dir.resolve("summary.csv"));
        if (summary.isEmpty()) return Section.notRun(STEP, TITLE, "search/summary.csv");
        boolean hasTest = summary.stream().anyMatch(r -> Double.isFinite(RunFiles.number(r, "final_test_regret_mean")));
        BenchmarkVariant variant = BenchmarkVariant.of(settings, hasTest);
        String caption = variant.description() + ": final regrets at 1e6 simulated seconds on validation accuracy"
                + (hasTest ? " and test accuracy" : " (no test accuracies)") + ", mean ± standard error, beside arch2vec's (500 runs)";

        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> r : summary) {
            Published.SearchResult pub = Published.SEARCH.get(r.getOrDefault("algorithm", ""));
            rows.add(List.of(r.getOrDefault("label", ""), r.getOrDefault("algorithm", ""), r.getOrDefault("runs", ""),
                    Fmt.plusMinus(RunFiles.number(r, "final_validation_regret_mean"), RunFiles.number(r, "final_validation_regret_se")),
                    pub == null ? "—" : Fmt.published(pub.validRegret()),
                    Fmt.plusMinus(RunFiles.number(r, "final_test_regret_mean"), RunFiles.number(r, "final_test_regret_se")),
                    pub == null ? "—" : Fmt.published(pub.testRegret()),
                    pub == null ? "—" : pub.method(),
                    Fmt.count(Math.round(RunFiles.number(r, "mean_queries"))), Fmt.duration(RunFiles.number(r, "mean_wall_seconds_per_run"))));
        }
        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("Searches over each embedding, with arch2vec's budget of 1e6 seconds of simulated training per run "
                        + "(benchmark queries). Regret is the best accuracy of the records minus the best found so far."),
                new Block.Table(caption, List.of("embedding", "algorithm", "runs", "valid regret (ours)", "valid regret (arch2vec)",
                        "test regret (ours)", "test regret (arch2vec)", "arch2vec curve", "queries", "wall time per run"), rows),
                new Block.Paragraph(Published.SEARCH_STATEMENT)));
        if (!variant.fullSpace())
            blocks.add(new Block.Note("These searches ran on " + variant.description() + ": regrets are against the best of those cells, "
                    + "not against the best of all 423,624 NAS-Bench-101 cells as arch2vec's, so the two are not directly comparable."));
        for (String[] f : FIGURES) {
            Path png = dir.resolve(f[0]);
            if (Files.isRegularFile(png)) blocks.add(new Block.Figure(png, STEP + "-" + f[0], f[1]));
        }
        return new Section(STEP, TITLE, "completed", true, blocks);
    }
}
