package ionas.experiments.cli;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpaceCache;
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
 * <p>The cache file is {@link SpaceCache#defaultFile}'s, where other commands that need the space
 * (a hash -> cell lookup) read it through {@link SpaceCache}.
 */
@Command(name = "enumerate",
        description = {"Enumerate the NAS-Bench-101 cell space (423,624 cells) and cache it, or read the cache.",
            "Default cache: $" + SpaceCache.CACHE_ENV + "/nb101-space.bin, else ./runs/cache/nb101-space.bin."})
public final class Nb101EnumerateCommand implements Callable<Integer> {
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
        Path file = out != null ? out : SpaceCache.defaultFile(maxVertices);
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        EnumerationLog log = new EnumerationLog(err);
        SearchSpace.Loaded loaded = SearchSpace.loadOrEnumerate(file, maxVertices, force, log.progress(), log::warn);
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
}
