package ionas.experiments.cli;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ionas nb101 enumerate}: every unique NAS-Bench-101 cell (423,624), enumerated as
 * NAS-Bench-101's generate_graphs.py does, kept in a binary cache file so later commands read the
 * space in milliseconds instead of enumerating it again.
 *
 * <p>The cache lives outside the data folder, which may be read-only shared data: by default
 * {@code $IONAS_CACHE/nb101-space.bin} when {@code IONAS_CACHE} names a folder, else
 * {@code ./runs/cache/nb101-space.bin}; smaller spaces ({@code --max-vertices N < 7}) get
 * {@code nb101-space-vN.bin} beside it. Other commands that need the space (a hash -> cell lookup)
 * call {@link #loadSpace}.
 */
@Command(name = "enumerate",
        description = {"Enumerate the NAS-Bench-101 cell space (423,624 cells) and cache it, or read the cache.",
            "Default cache: $" + Nb101EnumerateCommand.CACHE_ENV + "/nb101-space.bin, else ./runs/cache/nb101-space.bin."})
public final class Nb101EnumerateCommand implements Callable<Integer> {
    /** The environment variable naming the folder for caches. */
    public static final String CACHE_ENV = "IONAS_CACHE";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "The cache file to read or write (default: see above).")
    private Path out;

    @Option(names = "--force", description = "Enumerate even when a valid cache exists, and overwrite it.")
    private boolean force;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "Only cells of at most N vertices (2..7; default ${DEFAULT-VALUE}); for quick runs.")
    private int maxVertices;

    @Override
    public Integer call() throws IOException {
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES + ", got " + maxVertices);
        Path file = out != null ? out : defaultCacheFile(maxVertices);
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        SearchSpace.Loaded loaded = SearchSpace.loadOrEnumerate(file, maxVertices, force, progress(err), w -> warn(err, w));
        double wall = (System.nanoTime() - t0) / 1e9;
        SearchSpace s = loaded.space();
        if (loaded.fromCache()) {
            stdout.printf(Locale.ROOT, "%d cells (at most %d vertices), read from %s in %.3f s%n", s.size(), maxVertices, file, wall);
        } else {
            stdout.printf(Locale.ROOT, "%d cells (at most %d vertices), enumerated in %.1f s; wrote %s (%.1f MB), %.1f s in all%n",
                    s.size(), maxVertices, loaded.seconds(), file, Files.size(file) / 1e6, wall);
        }
        stdout.flush();
        return 0;
    }

    /** The default cache file for the space of at most {@code maxVertices} vertices (see the class comment). */
    public static Path defaultCacheFile(int maxVertices) {
        String env = System.getenv(CACHE_ENV);
        Path dir = env != null && !env.isBlank() ? Path.of(env) : Path.of("runs", "cache");
        return dir.resolve(maxVertices == CellSpec.MAX_VERTICES ? "nb101-space.bin" : "nb101-space-v" + maxVertices + ".bin");
    }

    /**
     * The full space for other commands: read from the default cache, or enumerated (with progress
     * on {@code err}, tens of seconds) and cached there when it is missing or unreadable.
     */
    public static SearchSpace loadSpace(PrintWriter err) throws IOException {
        return SearchSpace.loadOrEnumerate(defaultCacheFile(CellSpec.MAX_VERTICES), CellSpec.MAX_VERTICES, false,
                progress(err), w -> warn(err, w)).space();
    }

    private static void warn(PrintWriter err, String message) {
        err.println("nb101: " + message);
        err.flush();
    }

    /** A progress line on stderr, redrawn in place at most every half second, ended with a newline. */
    private static SearchSpace.Progress progress(PrintWriter err) {
        long start = System.nanoTime();
        long[] last = {Long.MIN_VALUE};
        return (v, fraction, cells) -> {
            long now = System.nanoTime();
            boolean done = fraction >= 1.0;
            if (!done && now - last[0] < 500_000_000L) return;
            last[0] = now;
            err.printf(Locale.ROOT, "\renumerating NAS-Bench-101 cells: V=%d, %5.1f%% of the bitmasks, %,d cells, %.0f s",
                    v, 100 * fraction, cells, (now - start) / 1e9);
            if (done) err.println();
            err.flush();
        };
    }
}
