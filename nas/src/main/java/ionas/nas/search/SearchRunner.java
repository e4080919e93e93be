package ionas.nas.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.Claim;
import ionas.nas.Progress;
import ionas.nas.WorkRecord;
import ionas.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an algorithm for seeds {@code 1..seeds} (arch2vec: 500) on a table, several seeds at once
 * (each run single-threaded and determined by its seed), and writes each run atomically to
 * {@code folder/seed-NNNN.json} as soon as it finishes. Seeds whose file exists are read instead of
 * run, so an interrupted call resumes; a seed another process is running in the same folder
 * (a {@link Claim} on it) is left to that process. A shard {@code (index, count)} takes the seeds with
 * {@code (seed - 1) % count == index}, for splitting the seeds over processes or machines.
 */
public final class SearchRunner {
    private final ObjectMapper json = new ObjectMapper();
    private final int threads;

    /** @param threads runs at once (for example the number of cores) */
    public SearchRunner(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        this.threads = threads;
    }

    /** One runner thread per available core. */
    public SearchRunner() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** Which seeds a call takes: every seed, or one of {@code count} interleaved shards. */
    public record Shard(int index, int count) {
        public static final Shard ALL = new Shard(0, 1);

        public Shard {
            if (count < 1 || index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + "/" + count + " is not 0 <= index < count");
        }

        public boolean contains(int seed) {
            return (seed - 1) % count == index;
        }
    }

    /** What became of one seed. */
    public enum Status {
        /** run by this call */
        RUN,
        /** read from the file an earlier call wrote */
        RESUMED,
        /** being run by another process sharing the folder (see {@link Claim}): no result here */
        CLAIMED_ELSEWHERE
    }

    /** One seed's run (null when another process has claimed it) and what became of it. */
    public record Outcome(int seed, SearchRun run, Status status) {
        /** Whether the run was read back rather than run now. */
        public boolean resumed() {
            return status == Status.RESUMED;
        }
    }

    /** The file of one seed's run. */
    public static Path file(Path folder, int seed) {
        return folder.resolve(String.format("seed-%04d.json", seed));
    }

    /**
     * Runs (or reads) the shard's seeds among {@code 1..seeds}, in seed order in the result.
     *
     * @param progress told about each run done now (not those read back), from the worker threads
     */
    public List<Outcome> run(SearchAlgorithm algorithm, SearchTable table, int seeds, Shard shard, Path folder,
                             Progress progress) throws IOException {
        Files.createDirectories(folder);
        requireSameWork(algorithm, table, folder);
        List<Integer> mine = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) if (shard.contains(s)) mine.add(s);
        long todo = mine.stream().filter(s -> !Files.exists(file(folder, s))).count();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "search-" + algorithm.name());
            t.setDaemon(true);
            return t;
        });
        try (Progress.Task runs = progress.start("search " + algorithm.name(), todo, "runs")) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int seed : mine) futures.add(pool.submit(() -> {
                Outcome o = runOne(algorithm, table, seed, folder);
                if (o.status() == Status.RUN) runs.step();
                return o;
            }));
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("search interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) throw u.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Records the algorithm's settings and the table's fingerprint beside the runs, or requires
     * that a record there says the same (see {@link WorkRecord}).
     */
    private void requireSameWork(SearchAlgorithm algorithm, SearchTable table, Path folder) throws IOException {
        Map<String, String> facts = Map.of("algorithm", algorithm.name(), "settings", algorithm.settings(), "table", table.fingerprint());
        WorkRecord.requireSame(json, folder, facts, name -> name.matches("seed-\\d+\\.json"));
    }

    private Outcome runOne(SearchAlgorithm algorithm, SearchTable table, int seed, Path folder) throws IOException {
        Path f = file(folder, seed);
        if (Files.exists(f)) return new Outcome(seed, SearchRun.fromJson(json, Files.readString(f)), Status.RESUMED);
        Optional<Claim> claim = Claim.tryClaim(Claim.lockFileOf(f));
        if (claim.isEmpty()) return new Outcome(seed, null, Status.CLAIMED_ELSEWHERE);
        try (Claim mine = claim.get()) {
            // written by the claimant that held it just before us
            if (Files.exists(f)) return new Outcome(seed, SearchRun.fromJson(json, Files.readString(f)), Status.RESUMED);
            long t0 = System.nanoTime();
            Trace trace = algorithm.run(table, seed);
            double wall = (System.nanoTime() - t0) / 1e9;
            SearchRun run = new SearchRun(algorithm.name(), seed, table.regretReference(), table.bestValid(), table.bestTest(), wall, trace);
            AtomicFiles.writeString(f, run.toJson(json));
            return new Outcome(seed, run, Status.RUN);
        }
    }

    /** Every run already written in {@code folder}, by seed. */
    public List<SearchRun> read(Path folder) throws IOException {
        List<SearchRun> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (var files = Files.list(folder)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("seed-\\d+\\.json")).sorted().toList())
                out.add(SearchRun.fromJson(json, Files.readString(p)));
        }
        out.sort(java.util.Comparator.comparingInt(SearchRun::seed));
        return out;
    }
}
