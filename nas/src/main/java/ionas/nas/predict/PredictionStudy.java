package ionas.nas.predict;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ionas.nas.Claim;
import ionas.nas.JsonFiles;
import ionas.nas.Progress;
import ionas.nas.WorkRecord;
import ionas.nas.search.SearchTable;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Training sizes x seeds of {@link PerformancePrediction} for one regressor, run in parallel and
 * kept in a folder so that an interrupted study resumes where it stopped:
 * <pre>
 * folder/KIND/n{size}-seed{seed}.json   one finished (size, seed) pair: its results, written atomically
 * folder/KIND-results.csv               every result (rewritten at the end)
 * folder/KIND-summary.csv               per target and size: median, quartiles, mean, std of RMSE and r
 * </pre>
 * Pairs whose file exists are read back instead of refitted. Sizes not below the table size are
 * skipped.
 *
 * <p>Parallelism: the pairs run as tasks of one fork-join pool. Smile grows a forest's trees with a
 * parallel stream, which inside a pool task runs on that same pool, so forests and pairs share the
 * threads without oversubscription; a Gaussian process fits on its task's thread.
 */
public final class PredictionStudy {
    /** The training sizes of the study: arch2vec's 250, info-NAS's 608 rounded and 1000 and 10000, and 100. */
    public static final List<Integer> SIZES = List.of(100, 250, 600, 1000, 10000);
    /** Seeds 1 to 10, as arch2vec and info-NAS. */
    public static final List<Integer> SEEDS = IntStream.rangeClosed(1, 10).boxed().toList();

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param threads the pool's parallelism (the number of cores by default)
     * @param cut RMSE and Pearson's r are over the predicted cells whose accuracy is above it
     *     ({@link PredictionMetrics#ACCURACY_THRESHOLD}, arch2vec's, unless the accuracies are not CIFAR-10's)
     */
    public record Config(RegressorKind kind, List<Integer> sizes, List<Integer> seeds, int threads, double cut) {
        public Config {
            sizes = List.copyOf(sizes);
            seeds = List.copyOf(seeds);
            if (threads < 1) throw new IllegalArgumentException("threads must be positive, not " + threads);
            if (Double.isNaN(cut)) throw new IllegalArgumentException("the scoring cut must be a number");
        }

        /** Scored above arch2vec's cut. */
        public Config(RegressorKind kind, List<Integer> sizes, List<Integer> seeds, int threads) {
            this(kind, sizes, seeds, threads, PredictionMetrics.ACCURACY_THRESHOLD);
        }

        /** The paper's sizes and seeds on all cores. */
        public static Config paper(RegressorKind kind) {
            return new Config(kind, SIZES, SEEDS, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * What a study produced: every result, the summaries, how many pairs were fitted now (not
     * resumed), and how many were left to another process fitting them in the same folder.
     */
    public record Outcome(List<PredictionResult> results, List<PredictionSummary> summaries, int fitted, int elsewhere) {}

    private final SearchTable table;
    private final Config config;
    private final Path folder;

    public PredictionStudy(SearchTable table, Config config, Path folder) {
        this.table = table;
        this.config = config;
        this.folder = folder;
    }

    /** The file that holds a finished pair. */
    public Path pairFile(int size, int seed) {
        return folder.resolve(config.kind().shortName()).resolve("n" + size + "-seed" + seed + ".json");
    }

    /** Runs the missing pairs, then writes the results and summary CSVs. */
    public Outcome run() throws IOException {
        return run(Progress.NONE);
    }

    /** Like {@link #run()}, telling {@code progress} about each (size, seed) pair fitted now. */
    public Outcome run(Progress progress) throws IOException {
        Path kindFolder = Files.createDirectories(folder.resolve(config.kind().shortName()));
        // the pairs resumed from this folder must come from this table (embeddings and records)
        Map<String, String> facts = new TreeMap<>(Map.of("regressor", config.kind().shortName(), "table", table.fingerprint()));
        // recorded only when it is not arch2vec's, so that folders made before there was a choice still resume
        if (config.cut() != PredictionMetrics.ACCURACY_THRESHOLD) facts.put("cut", describeCut(config.cut()));
        WorkRecord.requireSame(JSON, kindFolder, facts, name -> name.matches("n\\d+-seed\\d+\\.json"));
        record Pair(int size, int seed) {}
        List<Pair> pairs = new ArrayList<>();
        for (int size : config.sizes()) {
            if (size >= table.size()) continue;
            for (int seed : config.seeds()) pairs.add(new Pair(size, seed));
        }
        List<PredictionResult> all = new ArrayList<>();
        List<Pair> missing = new ArrayList<>();
        for (Pair p : pairs) {
            Path file = pairFile(p.size(), p.seed());
            if (Files.exists(file)) all.addAll(JsonFiles.readValue(JSON, file, new TypeReference<List<PredictionResult>>() {}));
            else missing.add(p);
        }
        int elsewhere = 0;
        try (ForkJoinPool pool = new ForkJoinPool(config.threads());
             Progress.Task fits = progress.start("predict " + config.kind().shortName(), missing.size(), "fits")) {
            List<Future<List<PredictionResult>>> futures = new ArrayList<>();
            for (Pair p : missing) {
                futures.add(pool.submit(() -> {
                    Path file = pairFile(p.size(), p.seed());
                    try {
                        Optional<Claim> claim = Claim.tryClaim(Claim.lockFileOf(file));
                        if (claim.isEmpty()) return null; // a process sharing the folder is fitting it
                        try (Claim held = claim.get()) {
                            if (Files.exists(file)) return JsonFiles.readValue(JSON, file, new TypeReference<List<PredictionResult>>() {});
                            List<PredictionResult> r = PerformancePrediction.run(table, config.kind(), p.size(), p.seed(), config.cut());
                            AtomicFiles.writeString(file, JSON.writeValueAsString(r));
                            fits.step();
                            return r;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Future<List<PredictionResult>> f : futures) {
                List<PredictionResult> r = f.get();
                if (r == null) elsewhere++;
                else all.addAll(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("prediction study interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
        all.sort((a, b) -> a.trainSize() != b.trainSize() ? Integer.compare(a.trainSize(), b.trainSize())
                : a.seed() != b.seed() ? Integer.compare(a.seed(), b.seed()) : a.target().compareTo(b.target()));
        List<PredictionSummary> summaries = PredictionSummary.of(all);
        String kind = config.kind().shortName();
        AtomicFiles.writeString(folder.resolve(kind + "-results.csv"), resultsCsv(all));
        AtomicFiles.writeString(folder.resolve(PredictionSummaryColumn.fileName(kind)), summaryCsv(summaries));
        return new Outcome(all, summaries, missing.size() - elsewhere, elsewhere);
    }

    /** For outputs: "above 0.8", or "none" for {@link PredictionMetrics#NO_CUT}. */
    private static String describeCut(double cut) {
        return cut == PredictionMetrics.NO_CUT ? "none" : "above " + cut;
    }

    /** Every result written under {@code folder} by a study of {@code kind} (any sizes and seeds; empty when none). */
    public static List<PredictionResult> read(Path folder, RegressorKind kind) throws IOException {
        Path dir = folder.resolve(kind.shortName());
        List<PredictionResult> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("n\\d+-seed\\d+\\.json")).sorted().toList())
                out.addAll(JsonFiles.readValue(JSON, f, new TypeReference<List<PredictionResult>>() {}));
        }
        return out;
    }

    /** The results as CSV, one row per fit. */
    public static String resultsCsv(List<PredictionResult> results) {
        StringBuilder sb = new StringBuilder("regressor,target,train_size,seed,rmse,pearson,evaluated,spearman,kendall,seconds\n");
        for (PredictionResult r : results)
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6g,%.6g,%d,%.6g,%.6g,%.3f%n", r.regressor(), r.target().name().toLowerCase(Locale.ROOT),
                    r.trainSize(), r.seed(), r.rmse(), r.pearson(), r.evaluated(), r.spearman(), r.kendall(), r.seconds()));
        return sb.toString();
    }

    /** The summaries as CSV, one row per regressor, target and size. */
    public static String summaryCsv(List<PredictionSummary> summaries) {
        StringBuilder sb = new StringBuilder(String.join(",", PredictionSummaryColumn.headers())).append('\n');
        for (PredictionSummary s : summaries) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d", s.regressor(), s.target().name().toLowerCase(Locale.ROOT), s.trainSize(),
                    s.seeds()));
            // in PredictionSummaryColumn's order: RMSE's spread, then r's, rho's and tau's, each median, q1, q3, mean, std
            for (PredictionSummary.Spread sp : List.of(s.rmse(), s.pearson(), s.spearman(), s.kendall()))
                sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%.6g,%.6g,%.6g", sp.median(), sp.q1(), sp.q3(), sp.mean(), sp.std()));
            sb.append('\n');
        }
        return sb.toString();
    }
}
