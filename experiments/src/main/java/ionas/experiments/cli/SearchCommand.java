package ionas.experiments.cli;

import ionas.experiments.figures.SearchFigures;
import ionas.nas.Progress;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.nb201.Nb201Benchmark;
import ionas.nas.nb201.Nb201Dataset;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.search.Dngo;
import ionas.nas.search.FinalCellRanks;
import ionas.nas.search.SpaceMutation;
import ionas.nas.search.RandomSearch;
import ionas.nas.search.RegularizedEvolution;
import ionas.nas.search.Reinforce;
import ionas.nas.search.SearchAlgorithm;
import ionas.nas.search.SearchCurves;
import ionas.nas.search.SearchRun;
import ionas.nas.search.SearchRunner;
import ionas.nas.search.SearchTable;
import ionas.nas.search.SummaryColumn;
import ionas.nas.search.Trace;
import ionas.experiments.plot.Csv;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas search}: NAS in an embedding space on a tabular benchmark, many seeds, resumable and shardable. */
@Command(name = "search",
        description = {"Search NAS-Bench-101 in an embedding space (paper section 4.2).",
            "As arch2vec does it: REINFORCE (LSTM policy, Gaussian actions, baseline 0.95, Adam 1e-2, episodes",
            "of 16, nearest unvisited cell) and DNGO Bayesian optimisation, with random search and regularised",
            "evolution as baselines, on a budget of simulated training time (1.5e6 s a run, 1e6 s reported).",
            "Seeds run in parallel on all cores; each seed's trace is OUT/LABEL/ALGORITHM/seed-NNNN.json, written",
            "atomically and skipped when present. Figures (Fig. 7-8, CDF) and summary.csv in OUT/ cover every",
            "label and algorithm found there; OUT/LABEL/ALGORITHM/final-cells.csv ranks each run's final cell",
            "among the benchmark's cells (best found? percentile), which a near-tie at the top cannot flatter.",
            "--space nb201: NAS-Bench-201 on a budget of queries (its records have no training times): REINFORCE and",
            "DNGO as arch2vec's NB201 scripts, random search and regularised evolution (docs/nb201.md)."})
public final class SearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SpaceOption spaceOption;

    @Option(names = "--embeddings", paramLabel = "FILE",
            description = "Embeddings of the space (default runs/arch2vec/embeddings.safetensors; runs/arch2vec-nb201/... with --space nb201).")
    private Path embeddings;

    @Option(names = "--benchmark", paramLabel = "FILE",
            description = {"Records the search queries: the official nasbench_only108.tfrecord or a records JSON (default: DATA/nasbench101/nb101-20k.json);",
                "--space nb201: a NAS-Bench-201 records file (default DATA/nasbench201/nb201-val.json)."})
    private Path benchmark;

    @Mixin
    private Nb201DatasetOption datasetOption;

    @Option(names = "--label", description = "Name of this embedding in outputs (default: the embedding file's name).")
    private String label;

    @Option(names = "--algorithms", split = ",", defaultValue = "reinforce,random",
            description = "Any of reinforce, dngo, random, evolution (default ${DEFAULT-VALUE}).")
    private List<String> algorithms;

    @Option(names = "--runs", defaultValue = "500", description = "Seeds 1..N (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--budget",
            description = {"Simulated seconds per run (default 1.5e6, as arch2vec). --space nb201: queries per run (default "
                + Nb201Benchmark.DEFAULT_QUERIES + ", a chosen count: the records have no training times to charge)."})
    private Double budget;

    @Option(names = "--dedup", description = "DNGO: propose only cells not yet evaluated (arch2vec's check is broken and can re-propose).")
    private boolean dedup;

    @Option(names = "--ei-target", paramLabel = "F",
            description = "DNGO: the accuracy f* expected improvement is measured against (default arch2vec's: 0.95 on NAS-Bench-101, 1.0 on NAS-Bench-201).")
    private Double eiTarget;

    @Option(names = "--threads", description = "Runs at once (default: all cores).")
    private Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/search; runs/search-nb201 with --space nb201).")
    private Path out;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class, defaultValue = "0/1",
            description = "Run only seeds s with (s - 1) mod n = i (default: all).")
    private Shard shard;

    private SpaceName space;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        space = spaceOption.of(spec);
        boolean nb201 = space == SpaceName.NB201;
        double budget = this.budget != null ? this.budget : nb201 ? Nb201Benchmark.DEFAULT_QUERIES : SearchAlgorithm.ARCH2VEC_BUDGET;
        Path embeddings = this.embeddings != null ? this.embeddings : SearchTables.defaultEmbeddings(space);
        if (out == null) out = Path.of(nb201 ? "runs/search-nb201" : "runs/search");
        if (runs < 1) throw new ParameterException(spec.commandLine(), "--runs must be at least 1");
        // was named as an internal config ("invalid REINFORCE config ...") or, for random search, ran with no queries
        if (!(budget > 0) || Double.isInfinite(budget))
            throw new ParameterException(spec.commandLine(), "--budget must be a finite number of simulated seconds above 0, not " + budget);
        if (eiTarget != null && !(eiTarget > 0 && eiTarget <= 1))
            throw new ParameterException(spec.commandLine(), "--ei-target is an accuracy in (0, 1], not " + eiTarget);
        if (eiTarget != null && algorithms.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).noneMatch(a -> a.equals("dngo") || a.equals("bo")))
            throw new ParameterException(spec.commandLine(), "--ei-target sets DNGO's f*, and --algorithms " + String.join(",", algorithms)
                    + " has no dngo");
        // a search charges whole queries, so 0.5 ran one query and 2.5 three
        if (nb201 && budget != Math.rint(budget))
            throw new ParameterException(spec.commandLine(), "--budget " + budget + ": with --space nb201 the budget counts queries, give a whole number");
        // "--algorithms ," splits into nothing: without this it ran no search and then failed to read the summaries' folder
        if (algorithms.stream().allMatch(String::isBlank))
            throw new ParameterException(spec.commandLine(), "--algorithms names no algorithm: give any of reinforce, dngo, random, evolution");
        Path dataDir = GlobalOptions.of(spec).dataDir();
        Path bench = SearchTables.benchmark(space, benchmark, dataDir);
        Nb201Dataset nb201Dataset = datasetOption.of(spec, space);
        SearchTable table = SearchTables.load(space, embeddings, bench, nb201Dataset);
        String name = SearchTables.label(spec, label, embeddings);
        stdout.printf(Locale.ROOT, "search on %s: %s%n", name, SearchTables.describe(table, bench));
        if (nb201) stdout.printf(Locale.ROOT, "budget: %s queries a run (chosen, not derived: arch2vec's %,d s of NAS-Bench-201 training"
                + " times on %s cannot be converted, these records have none); regrets on %s validation accuracy%n", fmt(budget),
                nb201Dataset.arch2vecBudgetSeconds(), nb201Dataset.label(), nb201Dataset.label());
        SearchRunner runner = threads == null ? new SearchRunner() : new SearchRunner(threads);
        Progress progress = GlobalOptions.stderr(spec).progress();
        for (String a : algorithms) {
            if (a.isBlank()) continue; // "reinforce,,random"
            SearchAlgorithm alg = algorithm(a, table, err, budget);
            Path folder = out.resolve(name).resolve(alg.name());
            long t0 = System.nanoTime();
            var outcomes = runner.run(alg, table, runs, new SearchRunner.Shard(shard.index(), shard.count()), folder, progress.withContext("on " + name));
            long fresh = outcomes.stream().filter(o -> o.status() == SearchRunner.Status.RUN).count();
            long elsewhere = outcomes.stream().filter(o -> o.status() == SearchRunner.Status.CLAIMED_ELSEWHERE).count();
            stdout.printf(Locale.ROOT, "%s %s: %d runs (%d now, %d found done%s) in %.1f s wall on %d threads%n", name, alg.name(), outcomes.size(),
                    fresh, outcomes.size() - fresh - elsewhere, elsewhere == 0 ? "" : ", " + elsewhere + " being run by another process",
                    (System.nanoTime() - t0) / 1e9, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        }
        summarise(stdout, table);
        return 0;
    }

    /** arch2vec's DNGO settings for the space with this command's budget, de-duplication and f*. */
    private Dngo.Config dngoConfig(Dngo.Config arch2vecs, double budget) {
        Dngo.Config c = arch2vecs.withBudget(budget).withDeduplicate(dedup);
        return eiTarget == null ? c : c.withTargetAccuracy(eiTarget);
    }

    private SearchAlgorithm algorithm(String name, SearchTable table, PrintWriter err, double budget) throws java.io.IOException {
        if (space == SpaceName.NB201) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "reinforce", "rl" -> new Reinforce(Reinforce.ARCH2VEC_NB201.withBudget(budget));
                case "dngo", "bo" -> new Dngo(dngoConfig(Dngo.ARCH2VEC_NB201, budget));
                case "random", "rs" -> new RandomSearch(budget);
                case "evolution", "re" -> new RegularizedEvolution(SpaceMutation.of(table, Nb201Space.INSTANCE), RegularizedEvolution.NB201_POPULATION,
                        RegularizedEvolution.NB201_TOURNAMENT, budget);
                default -> throw new ParameterException(spec.commandLine(), "algorithm '" + name
                        + "' is not set up for --space nb201: expected reinforce, dngo, random or evolution");
            };
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "reinforce", "rl" -> new Reinforce(Reinforce.ARCH2VEC.withBudget(budget));
            case "dngo", "bo" -> new Dngo(dngoConfig(Dngo.ARCH2VEC, budget));
            case "random", "rs" -> new RandomSearch(budget);
            case "evolution", "re" -> {
                EnumerationLog log = new EnumerationLog(err);
                Nb101Space space = Nb101Space.full(log.progress(), log::warn);
                yield new RegularizedEvolution(SpaceMutation.of(table, space), RegularizedEvolution.NASBENCH_POPULATION,
                        RegularizedEvolution.NASBENCH_TOURNAMENT, budget);
            }
            default -> throw new ParameterException(spec.commandLine(), "unknown algorithm '" + name + "': expected reinforce, dngo, random or evolution");
        };
    }

    /**
     * Every label/algorithm folder under OUT: the mean final regrets, where the final cells rank,
     * summary.csv and the figures. The ranks are against {@code table}'s accuracies, so every folder
     * under OUT should come from the same benchmark records (as its regrets already assume).
     */
    private void summarise(PrintWriter stdout, SearchTable table) throws java.io.IOException {
        FinalCellRanks ranks = FinalCellRanks.of(table);
        Map<String, List<Trace>> curves = new LinkedHashMap<>();
        List<List<?>> rows = new ArrayList<>();
        SearchRunner reader = new SearchRunner(1);
        List<Path> folders;
        try (Stream<Path> labels = Files.list(out)) {
            folders = labels.filter(Files::isDirectory).sorted().flatMap(l -> {
                try (Stream<Path> algs = Files.list(l)) {
                    return algs.filter(Files::isDirectory).sorted().toList().stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        stdout.printf(Locale.ROOT, "%-34s %5s %22s %22s %10s %19s %8s %10s%n", "runs", "n", "final valid regret", "final test regret",
                "found best", "percentile mean/med", "queries", "s per run");
        for (Path f : folders) {
            List<SearchRun> done = reader.read(f);
            if (done.isEmpty()) continue;
            String alg = f.getFileName().toString();
            // random search and evolution never look at the embedding, whichever folder holds them
            String curve = switch (alg) {
                case "random" -> "random search";
                case "evolution" -> "regularised evolution";
                default -> f.getParent().getFileName() + " " + alg;
            };
            List<Trace> traces = done.stream().map(SearchRun::trace).toList();
            curves.put(curve, traces);
            double[] v = SearchCurves.finalValidRegrets(traces, SearchCurves.PAPER_TIME), t = SearchCurves.finalTestRegrets(traces, SearchCurves.PAPER_TIME);
            double queries = traces.stream().mapToInt(Trace::length).average().orElse(0);
            double wall = done.stream().mapToDouble(SearchRun::wallSeconds).average().orElse(0);
            FinalCellRanks.Summary cells = finalCells(f, done, ranks);
            stdout.printf(Locale.ROOT, "%-34s %5d %22s %22s %10s %19s %8.0f %10.2f%n", curve, done.size(), meanSe(v), meanSe(t),
                    cells.foundBest() + "/" + cells.runs(), String.format(Locale.ROOT, "%.3f/%.3f", cells.meanPercentile(), cells.medianPercentile()),
                    queries, wall);
            Map<SummaryColumn, Object> row = new EnumMap<>(SummaryColumn.class);
            row.put(SummaryColumn.LABEL, f.getParent().getFileName().toString());
            row.put(SummaryColumn.ALGORITHM, f.getFileName().toString());
            row.put(SummaryColumn.RUNS, done.size());
            row.put(SummaryColumn.FINAL_VALIDATION_REGRET_MEAN, mean(v));
            row.put(SummaryColumn.FINAL_VALIDATION_REGRET_SE, se(v));
            row.put(SummaryColumn.FINAL_TEST_REGRET_MEAN, mean(t));
            row.put(SummaryColumn.FINAL_TEST_REGRET_SE, se(t));
            row.put(SummaryColumn.MEAN_QUERIES, queries);
            row.put(SummaryColumn.MEAN_WALL_SECONDS_PER_RUN, wall);
            row.put(SummaryColumn.FOUND_BEST_SHARE, cells.foundBestShare());
            row.put(SummaryColumn.FINAL_PERCENTILE_MEAN, cells.meanPercentile());
            row.put(SummaryColumn.FINAL_PERCENTILE_MEDIAN, cells.medianPercentile());
            rows.add(SummaryColumn.row(row));
        }
        Csv.write(out.resolve(SummaryColumn.FILE), SummaryColumn.headers(), rows);
        List<Path> figs = SearchFigures.write(out, curves, !Double.isNaN(table.bestTest()));
        stdout.printf(Locale.ROOT, "%s; %d figures and summary.csv in %s%n", space == SpaceName.NB201
                ? "regret after each run's last query (NAS-Bench-201: the budget counts queries, the figures' time axis is queries)"
                : "regret at 1e6 s of simulated training (arch2vec's convention)", figs.size(), out);
    }

    /**
     * Ranks the cell each run of {@code folder} ends on at 1e6 s (the final regret's cut), writes
     * them to {@code folder/final-cells.csv} and returns their summary. Written on every call, so
     * runs made before these columns existed get them too.
     */
    private static FinalCellRanks.Summary finalCells(Path folder, List<SearchRun> runs, FinalCellRanks ranks) throws java.io.IOException {
        List<FinalCellRanks.FinalCell> cells = new ArrayList<>();
        List<List<?>> rows = new ArrayList<>();
        for (SearchRun r : runs) {
            FinalCellRanks.FinalCell c = ranks.finalCell(r.trace(), SearchCurves.PAPER_TIME);
            cells.add(c);
            rows.add(List.of(r.seed(), c.validAccuracy(), r.trace().validRegretAfter(SearchCurves.PAPER_TIME), c.best(), c.percentile()));
        }
        Csv.write(folder.resolve("final-cells.csv"), List.of("seed", "final_validation_accuracy", "final_validation_regret", "found_best",
                "percentile"), rows);
        return FinalCellRanks.summarise(cells);
    }

    private static String fmt(double budget) {
        return budget == Math.rint(budget) ? Long.toString((long) budget) : Double.toString(budget);
    }

    private static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) if (!Double.isNaN(x)) { s += x; n++; }
        return n == 0 ? Double.NaN : s / n;
    }

    private static double se(double[] v) {
        double m = mean(v), s = 0;
        int n = 0;
        for (double x : v) if (!Double.isNaN(x)) { s += (x - m) * (x - m); n++; }
        return n < 2 ? Double.NaN : Math.sqrt(s / (n - 1) / n);
    }

    private static String meanSe(double[] v) {
        double m = mean(v), se = se(v);
        if (Double.isNaN(m)) return "n/a";
        // one run has no standard error: "+- n/a", not "+- NaN"
        return Double.isNaN(se) ? String.format(Locale.ROOT, "%.5f +- n/a", m) : String.format(Locale.ROOT, "%.5f +- %.5f", m, se);
    }
}
