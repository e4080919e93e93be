package ionas.experiments.report;

import static ionas.nas.predict.PredictionSummaryColumn.KENDALL_TAU;
import static ionas.nas.predict.PredictionSummaryColumn.PEARSON_R;
import static ionas.nas.predict.PredictionSummaryColumn.RMSE;
import static ionas.nas.predict.PredictionSummaryColumn.SEEDS;
import static ionas.nas.predict.PredictionSummaryColumn.SPEARMAN_RHO;
import static ionas.nas.predict.PredictionSummaryColumn.TRAIN_SIZE;
import static ionas.nas.search.SummaryColumn.ALGORITHM;
import static ionas.nas.search.SummaryColumn.FINAL_PERCENTILE_MEAN;
import static ionas.nas.search.SummaryColumn.FOUND_BEST_SHARE;
import static ionas.nas.search.SummaryColumn.FINAL_VALIDATION_REGRET_MEAN;
import static ionas.nas.search.SummaryColumn.FINAL_VALIDATION_REGRET_SE;
import static ionas.nas.search.SummaryColumn.LABEL;
import static ionas.nas.search.SummaryColumn.MEAN_QUERIES;
import static ionas.nas.search.SummaryColumn.RUNS;

import ionas.nas.predict.PredictionSummaryColumn;
import ionas.nas.predict.RegressorKind;
import ionas.nas.search.SearchAlgorithm;
import ionas.nas.search.SummaryColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search and prediction sections of a NAS-Bench-201 run ({@code reproduce --space nb201}). No
 * published number is set beside them: arch2vec's NAS-Bench-201 searches ran on a budget of training
 * seconds these records cannot charge, and neither paper predicts on NAS-Bench-201. Each result is
 * judged against this run's own baseline instead: a search against random search on the same query
 * budget, the extended model's prediction against arch2vec's at the same training size.
 */
final class Nb201Sections {
    static final String SEARCH = "search", PREDICT = "predict";
    static final String SEARCH_TITLE = "NAS-Bench-201: architecture search on a query budget", PREDICT_TITLE = "NAS-Bench-201: performance prediction";

    /** Labels of the extended model's embeddings start with this; arch2vec's with {@link #ARCH2VEC}. */
    private static final String IO_MODEL = "io-model", ARCH2VEC = "arch2vec-";

    private Nb201Sections() {}

    /** search/summary.csv: final validation regret per embedding and algorithm, REINFORCE and DNGO against random search. */
    static Section search(Path run) throws IOException {
        Path dir = run.resolve(SEARCH);
        List<Map<String, String>> summary = RunFiles.csv(dir.resolve(SummaryColumn.FILE));
        if (summary.isEmpty()) return Section.notRun(SEARCH, SEARCH_TITLE, SEARCH + "/" + SummaryColumn.FILE);
        Optional<Map<String, String>> random = summary.stream().filter(r -> "random".equals(r.get(ALGORITHM.header()))).findFirst();
        List<List<String>> rows = new ArrayList<>();
        List<Headline> headlines = new ArrayList<>();
        List<SeedPool.Searches> seeds = SeedPool.searches(summary);
        for (Map<String, String> r : summary) {
            String label = r.getOrDefault(LABEL.header(), ""), algorithm = r.getOrDefault(ALGORITHM.header(), "");
            Estimate regret = regret(r);
            rows.add(List.of(label, algorithm, r.getOrDefault(RUNS.header(), ""), regret.format(Measure.REGRET),
                    Fmt.pct(RunFiles.number(r, FOUND_BEST_SHARE.header())), Fmt.percentile(RunFiles.number(r, FINAL_PERCENTILE_MEAN.header())),
                    Fmt.count(Math.round(RunFiles.number(r, MEAN_QUERIES.header())))));
            boolean embedded = SearchAlgorithm.usesEmbeddings(algorithm);
            Reference baseline = embedded ? random.map(b -> new Reference("random search, same budget", regret(b))).orElse(null) : null;
            Headline h = Headline.judged(ReportSpace.NB201.id("search." + (embedded ? label + "." : "") + algorithm + ".final_validation_regret"),
                    ReportSpace.NB201.title(algorithm + (embedded ? " on " + label : "") + ": mean final validation regret [95% CI]"), Measure.REGRET,
                    regret, null, null, baseline);
            // random search and evolution have nothing to be judged against here, nor has one seed of several: in the details only
            headlines.add(!embedded || SeedPool.pooled(label, seeds) ? h.with(Headline.Prominence.DETAIL) : algorithm.equals("reinforce") ? h.with(Headline.Prominence.TERMINAL) : h);
        }
        for (SeedPool.Searches p : seeds) {
            List<Map<String, String>> perSeed = p.perSeed();
            String algorithm = p.algorithm(), label = SeedPool.label(p.base(), perSeed.size());
            Estimate regret = SeedPool.pooled(perSeed, FINAL_VALIDATION_REGRET_MEAN.header());
            rows.add(List.of(label, algorithm, Fmt.count(SeedPool.total(perSeed, RUNS.header())), regret.format(Measure.REGRET),
                    Fmt.pct(SeedPool.mean(perSeed, FOUND_BEST_SHARE.header())), Fmt.percentile(SeedPool.mean(perSeed, FINAL_PERCENTILE_MEAN.header())),
                    Fmt.count(Math.round(SeedPool.mean(perSeed, MEAN_QUERIES.header())))));
            Reference baseline = random.map(b -> new Reference("random search, same budget", regret(b))).orElse(null);
            Headline h = Headline.judged(ReportSpace.NB201.id("search." + SeedPool.id(p.base()) + "." + algorithm + ".final_validation_regret"),
                    ReportSpace.NB201.title(algorithm + " on " + label + ": mean over seeds of the final validation regret [95% t-interval]"),
                    Measure.REGRET, regret, null, null, baseline);
            headlines.add(algorithm.equals("reinforce") ? h.with(Headline.Prominence.TERMINAL) : h);
        }
        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, SEARCH_TITLE, SEARCH),
                new Block.Paragraph("Searches over each embedding of NAS-Bench-201's 15,625 cells on a budget of queries (the records have "
                        + "no training times, so arch2vec's budget in seconds cannot be charged and its published figures are not comparable). "
                        + "Regret is the best validation accuracy of the records minus the best found."
                        + (seeds.isEmpty() ? "" : " With several seeds: " + SeedPool.METHOD + ".")),
                new Block.Table("Final validation regret, mean [95% interval] over the runs", List.of("embedding", "algorithm", "runs",
                        "final validation regret", "found best cell", "final cell percentile (mean)", "queries"), rows)));
        Path figure = dir.resolve("fig07-regret-validation.png");
        if (Files.isRegularFile(figure)) blocks.add(new Block.Figure(figure, SEARCH + "-nb201-" + figure.getFileName(), "Validation regret per query, mean of runs"));
        return new Section(SEARCH, SEARCH_TITLE, "completed", true, blocks, headlines);
    }

    /** predict/LABEL/rf-summary.csv: RMSE, Pearson's r, Spearman's rho and Kendall's tau per embedding and size, the extended model against arch2vec. */
    static Section predict(Path run) throws IOException {
        Path dir = run.resolve(PREDICT);
        String rf = RegressorKind.RANDOM_FOREST.shortName();
        List<Result> results = new ArrayList<>();
        for (Path label : RunFiles.folders(dir))
            for (Map<String, String> r : RunFiles.csv(label.resolve(PredictionSummaryColumn.fileName(rf))))
                results.add(new Result(label.getFileName().toString(), (int) RunFiles.number(r, TRAIN_SIZE.header()), r));
        if (results.isEmpty()) return Section.notRun(PREDICT, PREDICT_TITLE, PREDICT + "/<label>/" + PredictionSummaryColumn.fileName(rf));
        List<List<String>> rows = new ArrayList<>();
        List<Headline> headlines = new ArrayList<>();
        Map<String, List<String>> seeds = SeedPool.families(results.stream().map(Result::label).toList());
        for (Result res : results) {
            Map<String, String> r = res.row();
            rows.add(List.of(res.label(), Fmt.count(res.size()), r.getOrDefault(SEEDS.header(), ""), PredictSection.plusMinus(r, RMSE), PredictSection.plusMinus(r, PEARSON_R),
                    PredictSection.plusMinus(r, SPEARMAN_RHO), PredictSection.plusMinus(r, KENDALL_TAU)));
            Optional<Result> arch2vec = arch2vecAt(res.label(), res.size(), results);
            Reference baseline = arch2vec.map(a -> new Reference(a.label() + ", same size", PredictSection.quartiles(a.row(), PEARSON_R))).orElse(null);
            headlines.add(Headline.judged(ReportSpace.NB201.id("predict." + res.label() + ".n" + res.size() + ".pearson_r"), ReportSpace.NB201.title(
                    "random forest on " + res.label() + ", " + Fmt.count(res.size()) + " training cells: Pearson's r, median [quartiles]"), Measure.PEARSON_R,
                    PredictSection.quartiles(r, PEARSON_R), null, null, baseline).with(Headline.Prominence.DETAIL));
        }
        seeds.forEach((base, labels) -> {
            for (int size : results.stream().mapToInt(Result::size).distinct().toArray()) {
                List<Map<String, String>> perSeed = results.stream().filter(o -> o.size() == size && labels.contains(o.label())).map(Result::row).toList();
                if (perSeed.size() < 2) continue;
                List<String> row = new ArrayList<>(List.of(SeedPool.label(base, perSeed.size()), Fmt.count(size),
                        Fmt.count(SeedPool.total(perSeed, SEEDS.header()))));
                for (var metric : List.of(RMSE, PEARSON_R, SPEARMAN_RHO, KENDALL_TAU)) {
                    Estimate e = SeedPool.pooled(perSeed, metric.mean().header());
                    row.add(Fmt.interval(Fmt.sig(e.value()), Fmt.sig(e.low()), Fmt.sig(e.high())));
                }
                rows.add(row);
                // the same measure on both sides: arch2vec's mean over its seeds, with its normal 95% interval
                Reference baseline = arch2vecAt(base, size, results).map(a -> new Reference(a.label() + ", same size, mean [95% CI] over its seeds",
                        Estimate.meanWithSe(RunFiles.number(a.row(), PEARSON_R.mean().header()),
                                RunFiles.number(a.row(), PEARSON_R.std().header()) / Math.sqrt(RunFiles.number(a.row(), SEEDS.header()))))).orElse(null);
                headlines.add(Headline.judged(ReportSpace.NB201.id("predict." + SeedPool.id(base) + ".n" + size + ".pearson_r"), ReportSpace.NB201.title(
                        "random forest on " + SeedPool.label(base, perSeed.size()) + ", " + Fmt.count(size) + " training cells: Pearson's r, mean over seeds [95% t-interval]"),
                        Measure.PEARSON_R, SeedPool.pooled(perSeed, PEARSON_R.mean().header()), null, null, baseline));
            }
        });
        List<Block> blocks = List.of(new Block.Heading(2, PREDICT_TITLE, PREDICT),
                new Block.Paragraph("A random forest fit on the embeddings of N random cells predicts the cifar10-valid validation accuracy "
                        + "of all other cells. RMSE and Pearson's r are on the predicted cells above 0.8 accuracy (arch2vec's cut), Spearman's "
                        + "rho and Kendall's tau on all of them." + (seeds.isEmpty() ? "" : " With several seeds of the extended model: "
                        + SeedPool.METHOD + " (arch2vec's mean Pearson's r with its normal 95% interval over its own prediction seeds).")),
                new Block.Table("Random forest, mean ± std over the seeds" + (seeds.isEmpty() ? "" : " (pooled rows: mean [95% t-interval] over the model's seeds)"), List.of("embedding", "train cells", "seeds", "RMSE", "Pearson's r",
                        "Spearman's rho", "Kendall's tau"), rows));
        return new Section(PREDICT, PREDICT_TITLE, "completed", true, blocks, headlines);
    }

    /** One embedding's prediction at one training size: a row of its rf-summary.csv. */
    private record Result(String label, int size, Map<String, String> row) {}

    /** arch2vec's result at {@code size}, the baseline of the extended model's embedding {@code label}; empty for other embeddings. */
    private static Optional<Result> arch2vecAt(String label, int size, List<Result> results) {
        return label.startsWith(IO_MODEL) ? results.stream().filter(o -> o.label().startsWith(ARCH2VEC) && o.size() == size).findFirst() : Optional.empty();
    }

    private static Estimate regret(Map<String, String> row) {
        return Estimate.meanWithSe(RunFiles.number(row, FINAL_VALIDATION_REGRET_MEAN.header()), RunFiles.number(row, FINAL_VALIDATION_REGRET_SE.header()));
    }

}
