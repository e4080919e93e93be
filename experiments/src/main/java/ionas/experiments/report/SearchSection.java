package ionas.experiments.report;

import static ionas.nas.search.SummaryColumn.ALGORITHM;
import static ionas.nas.search.SummaryColumn.FINAL_PERCENTILE_MEAN;
import static ionas.nas.search.SummaryColumn.FINAL_PERCENTILE_MEDIAN;
import static ionas.nas.search.SummaryColumn.FINAL_TEST_REGRET_MEAN;
import static ionas.nas.search.SummaryColumn.FINAL_TEST_REGRET_SE;
import static ionas.nas.search.SummaryColumn.FINAL_VALIDATION_REGRET_MEAN;
import static ionas.nas.search.SummaryColumn.FINAL_VALIDATION_REGRET_SE;
import static ionas.nas.search.SummaryColumn.FOUND_BEST_SHARE;
import static ionas.nas.search.SummaryColumn.LABEL;
import static ionas.nas.search.SummaryColumn.MEAN_QUERIES;
import static ionas.nas.search.SummaryColumn.MEAN_WALL_SECONDS_PER_RUN;
import static ionas.nas.search.SummaryColumn.RUNS;
import static ionas.nas.search.SummaryColumn.regretMean;
import static ionas.nas.search.SummaryColumn.regretSe;

import ionas.nas.search.SearchAlgorithm;
import ionas.nas.search.SummaryColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Step 5: architecture search on the embeddings (paper section 4.2, Figs. 7-8; arch2vec's regrets, spec 4.2). */
final class SearchSection {
    static final String STEP = "search", TITLE = "5. Architecture search (paper section 4.2)";

    private static final List<String[]> FIGURES = List.of(
            new String[] {"fig07-regret-validation.png", "Paper Fig. 7 (ours): validation regret during the search, mean of runs"},
            new String[] {"fig08-regret-test.png", "Paper Fig. 8 (ours): test regret during the search, mean of runs"},
            new String[] {"cdf-final-validation-regret.png", "CDF of the final validation regret (as arch2vec's Fig. 6, right)"},
            new String[] {"cdf-final-test-regret.png", "CDF of the final test regret (as arch2vec's Fig. 6, right)"});

    /** The searches that never look at the embedding: one result whichever label's folder holds it. */

    private static final Map<String, String> NAMES = Map.of("reinforce", "REINFORCE", "dngo", "DNGO", "random", "random search",
            "evolution", "regularised evolution");

    /** Runs arch2vec's numbers are means of (spec 4.2). */
    private static final int PUBLISHED_RUNS = 500;

    private SearchSection() {}

    static Section read(Path run, RunSettings settings) throws IOException {
        Path dir = run.resolve(STEP);
        List<Map<String, String>> summary = RunFiles.csv(dir.resolve(SummaryColumn.FILE));
        if (summary.isEmpty()) return Section.notRun(STEP, TITLE, STEP + "/" + SummaryColumn.FILE);
        boolean hasTest = summary.stream().anyMatch(r -> Double.isFinite(RunFiles.number(r, FINAL_TEST_REGRET_MEAN.header())));
        BenchmarkVariant variant = BenchmarkVariant.of(settings.benchmark(), hasTest);
        String caption = variant.description() + ": final regrets at 1e6 simulated seconds on validation accuracy"
                + (hasTest ? " and test accuracy" : " (no test accuracies)") + ", mean ± standard error, beside arch2vec's (500 runs); "
                + "the share of runs that ended on the best cell and the percentile rank of their final cells among all cells";

        List<List<String>> rows = new ArrayList<>();
        for (Map<String, String> r : summary) {
            Published.SearchResult pub = Published.SEARCH.get(r.getOrDefault(ALGORITHM.header(), ""));
            rows.add(List.of(r.getOrDefault(LABEL.header(), ""), r.getOrDefault(ALGORITHM.header(), ""), r.getOrDefault(RUNS.header(), ""),
                    Fmt.plusMinus(RunFiles.number(r, FINAL_VALIDATION_REGRET_MEAN.header()), RunFiles.number(r, FINAL_VALIDATION_REGRET_SE.header())),
                    pub == null ? "—" : Fmt.published(pub.validRegret()),
                    Fmt.plusMinus(RunFiles.number(r, FINAL_TEST_REGRET_MEAN.header()), RunFiles.number(r, FINAL_TEST_REGRET_SE.header())),
                    pub == null ? "—" : Fmt.published(pub.testRegret()),
                    pub == null ? "—" : pub.method(),
                    Fmt.pct(RunFiles.number(r, FOUND_BEST_SHARE.header())),
                    Fmt.percentile(RunFiles.number(r, FINAL_PERCENTILE_MEDIAN.header())) + " / " + Fmt.percentile(RunFiles.number(r, FINAL_PERCENTILE_MEAN.header())),
                    Fmt.count(Math.round(RunFiles.number(r, MEAN_QUERIES.header()))), Fmt.duration(RunFiles.number(r, MEAN_WALL_SECONDS_PER_RUN.header()))));
        }
        List<SeedPool.Searches> seeds = SeedPool.searches(summary);
        for (SeedPool.Searches p : seeds) {
            Published.SearchResult pub = Published.SEARCH.get(p.algorithm());
            List<Map<String, String>> perSeed = p.perSeed();
            rows.add(List.of(SeedPool.label(p.base(), perSeed.size()), p.algorithm(), Fmt.count(SeedPool.total(perSeed, RUNS.header())),
                    SeedPool.pooled(perSeed, regretMean(false).header()).format(Measure.REGRET), pub == null ? "—" : Fmt.published(pub.validRegret()),
                    pooledTestRegret(perSeed).format(Measure.REGRET), pub == null ? "—" : Fmt.published(pub.testRegret()), pub == null ? "—" : pub.method(),
                    Fmt.pct(SeedPool.mean(perSeed, FOUND_BEST_SHARE.header())), "— / " + Fmt.percentile(SeedPool.mean(perSeed, FINAL_PERCENTILE_MEAN.header())),
                    Fmt.count(Math.round(SeedPool.mean(perSeed, MEAN_QUERIES.header()))), Fmt.duration(SeedPool.mean(perSeed, MEAN_WALL_SECONDS_PER_RUN.header()))));
        }
        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("Searches over each embedding, with arch2vec's budget of 1e6 seconds of simulated training per run "
                        + "(benchmark queries). Regret is the best accuracy of the records minus the best found so far. Where the best cells "
                        + "are nearly tied a small mean regret can hide runs that all stop one cell short, so the table also gives the share "
                        + "of runs whose final cell is the best and where the final cells rank (percentile of the records' validation accuracies, 100 = best)."
                        + (seeds.isEmpty() ? "" : " With several seeds: " + SeedPool.METHOD + " (regrets as mean [95% t-interval]).")),
                new Block.Table(caption, List.of("embedding", "algorithm", "runs", "valid regret (ours)", "valid regret (arch2vec)",
                        "test regret (ours)", "test regret (arch2vec)", "arch2vec curve", "found best cell", "final cell percentile (median / mean)",
                        "queries", "wall time per run"), rows),
                new Block.Paragraph(Published.SEARCH_STATEMENT)));
        if (!variant.fullSpace())
            blocks.add(new Block.Note("These searches ran on " + variant.description() + ": regrets are against the best of those cells, "
                    + "not against the best of all 423,624 NAS-Bench-101 cells as arch2vec's, so the two are not directly comparable."));
        for (String[] f : FIGURES) {
            Path png = dir.resolve(f[0]);
            if (Files.isRegularFile(png)) blocks.add(new Block.Figure(png, STEP + "-" + f[0], f[1]));
        }
        List<Headline> headlines = headlines(summary, variant, settings, seeds);
        headlines.addAll(pooledHeadlines(summary, seeds, variant, settings));
        return new Section(STEP, TITLE, "completed", true, blocks, headlines);
    }

    /** Each seed's mean test regret pooled; NaN without test accuracies. */
    private static Estimate pooledTestRegret(List<Map<String, String>> perSeed) {
        return perSeed.stream().allMatch(r -> Double.isFinite(RunFiles.number(r, regretMean(true).header())))
                ? SeedPool.pooled(perSeed, regretMean(true).header()) : Estimate.point(Double.NaN);
    }

    /** The pooled rows' headlines: judged as one seed's would be, on the mean over seeds with its t-interval. */
    private static List<Headline> pooledHeadlines(List<Map<String, String>> summary, List<SeedPool.Searches> seeds, BenchmarkVariant variant,
                                                  RunSettings settings) {
        Optional<Map<String, String>> random = summary.stream().filter(r -> "random".equals(r.get(ALGORITHM.header()))).findFirst();
        List<Headline> out = new ArrayList<>();
        for (SeedPool.Searches p : seeds) {
            String name = NAMES.getOrDefault(p.algorithm(), p.algorithm()) + " on " + SeedPool.label(p.base(), p.perSeed().size());
            for (boolean test : new boolean[] {false, true}) {
                Estimate ours = test ? pooledTestRegret(p.perSeed()) : SeedPool.pooled(p.perSeed(), regretMean(false).header());
                if (test && !ours.present()) continue;
                String column = test ? "final_test_regret" : "final_validation_regret";
                Headline h = Headline.judged("search." + SeedPool.id(p.base()) + "." + p.algorithm() + "." + column, name + ": mean over seeds of the final "
                        + (test ? "test" : "validation") + " regret [95% t-interval]", Measure.REGRET, ours, published(p.algorithm(), test),
                        caveat(p.perSeed().getFirst(), variant, settings), randomBaseline(p.algorithm(), test, random));
                out.add(!test && p.algorithm().equals("reinforce") ? h.with(Headline.Prominence.TERMINAL) : h);
            }
        }
        return out;
    }

    /** Per embedding and algorithm, the final validation regret (and test regret where the records have it). */
    private static List<Headline> headlines(List<Map<String, String>> summary, BenchmarkVariant variant, RunSettings settings,
                                            List<SeedPool.Searches> seeds) {
        Optional<Map<String, String>> random = summary.stream().filter(r -> "random".equals(r.get(ALGORITHM.header()))).findFirst();
        List<Headline> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Map<String, String> r : summary) {
            String label = r.getOrDefault(LABEL.header(), ""), algorithm = r.getOrDefault(ALGORITHM.header(), "");
            // random search and evolution are the same on every embedding: their ids leave the label out unless two folders hold one
            String base = !SearchAlgorithm.usesEmbeddings(algorithm) && !ids.contains("search." + algorithm + ".final_validation_regret")
                    ? "search." + algorithm : "search." + label + "." + algorithm;
            String name = NAMES.getOrDefault(algorithm, algorithm) + (SearchAlgorithm.usesEmbeddings(algorithm) ? " on " + label : "");
            String caveat = caveat(r, variant, settings);
            for (boolean test : new boolean[] {false, true}) {
                String column = test ? "final_test_regret" : "final_validation_regret";
                Estimate ours = Estimate.meanWithSe(RunFiles.number(r, regretMean(test).header()), RunFiles.number(r, regretSe(test).header()));
                if (test && !ours.present()) continue; // records without test accuracies
                Headline h = Headline.judged(base + "." + column, name + ": mean final " + (test ? "test" : "validation") + " regret [95% CI]",
                        Measure.REGRET, ours, published(algorithm, test), caveat, randomBaseline(algorithm, test, random));
                if (!test) h = h.with(extras(r));
                // one seed of several is in the details: the pooled row carries the verdict
                if (SearchAlgorithm.usesEmbeddings(algorithm) && SeedPool.pooled(label, seeds)) h = h.with(Headline.Prominence.DETAIL);
                else if (!test && algorithm.equals("reinforce")) h = h.with(Headline.Prominence.TERMINAL);
                ids.add(h.id());
                out.add(h);
            }
        }
        return out;
    }

    private static Reference published(String algorithm, boolean test) {
        Published.SearchResult p = Published.SEARCH.get(algorithm);
        return p == null ? null : new Reference("arch2vec, " + p.method(), Estimate.point(test ? p.testRegret() : p.validRegret()));
    }

    /**
     * Random search on the same budget, when arch2vec's numbers show {@code algorithm} beating it on
     * this regret (REINFORCE does on both; DNGO only on test regret): the finding a run of any size can check.
     */
    private static Reference randomBaseline(String algorithm, boolean test, Optional<Map<String, String>> random) {
        Published.SearchResult mine = Published.SEARCH.get(algorithm), theirs = Published.SEARCH.get("random");
        if (random.isEmpty() || mine == null || algorithm.equals("random")) return null;
        boolean beaten = test ? mine.testRegret() < theirs.testRegret() : mine.validRegret() < theirs.validRegret();
        if (!beaten) return null;
        return new Reference("random search, same budget",
                Estimate.meanWithSe(RunFiles.number(random.get(), regretMean(test).header()), RunFiles.number(random.get(), regretSe(test).header())));
    }

    /** Why our regrets cannot be set against arch2vec's: other records, or fewer runs than its 500; null when they can. */
    private static String caveat(Map<String, String> row, BenchmarkVariant variant, RunSettings settings) {
        List<String> why = new ArrayList<>();
        if (!variant.fullSpace()) why.add(variant.description() + " (arch2vec: all 423,624 cells)");
        if (!settings.paperPreset())
            why.add(settings.presetInWords() + ": " + row.getOrDefault(RUNS.header(), "?") + " runs (arch2vec: " + PUBLISHED_RUNS + ")");
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** What mean regret hides: how many runs ended on the best cell, and where the final cells rank (n/a for runs summarised before these columns). */
    private static List<Headline.Extra> extras(Map<String, String> r) {
        double share = RunFiles.number(r, FOUND_BEST_SHARE.header()), median = RunFiles.number(r, FINAL_PERCENTILE_MEDIAN.header()),
                mean = RunFiles.number(r, FINAL_PERCENTILE_MEAN.header());
        return List.of(new Headline.Extra("runs", RunFiles.number(r, RUNS.header()), ""),
                new Headline.Extra("found_best_share", share, "best cell found in " + Fmt.pct(share) + " of " + r.getOrDefault(RUNS.header(), "?") + " runs"),
                new Headline.Extra("final_percentile_median", median, "final cell's percentile: median " + Fmt.percentile(median)),
                new Headline.Extra("final_percentile_mean", mean, "mean " + Fmt.percentile(mean)));
    }
}
