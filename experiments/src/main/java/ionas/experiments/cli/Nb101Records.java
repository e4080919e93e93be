package ionas.experiments.cli;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpaceCache;
import ionas.nas.nb101.data.BenchmarkFiles;
import ionas.nas.nb101.data.GraphSources;
import ionas.nas.nb101.data.NasBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The records and graphs that {@code nb101 info} and {@code nb101 check-params} read, from their
 * options: {@code --benchmark} (default {@code DATA/nasbench101/nb101-20k.json}) and
 * {@code --graphs} (default {@code DATA/nasbench101/nb101-1k.json} where present).
 */
final class Nb101Records {
    private Nb101Records() {}

    /** The benchmark file given, else DATA/nasbench101/nb101-20k.json; a clear error when it is missing. */
    static NasBench load(Path file, Path dataDir) throws IOException {
        Path f = file != null ? file : BenchmarkFiles.records20k(dataDir);
        if (!Files.isRegularFile(f))
            throw new IllegalArgumentException(file != null ? "no benchmark file " + f
                    : "no benchmark records at " + f.toAbsolutePath().normalize() + ": pass --benchmark FILE, or --data DIR with nasbench101/nb101-20k.json");
        return NasBench.load(f);
    }

    /**
     * Graphs for the hashes of {@code bench}: its own, then {@code --graphs}, then the search space
     * where its cache is built. The space is loaded (progress on {@code err}) only when a hash needs it.
     */
    static GraphSources graphSources(NasBench bench, Path graphs, Path dataDir, PrintWriter err) throws IOException {
        Path g = graphs != null ? graphs : BenchmarkFiles.graphs1k(dataDir);
        NasBench gf = null;
        if (graphs != null || Files.exists(g)) {
            if (!Files.exists(g)) throw new IllegalArgumentException("--graphs: no file " + g);
            if (!samePath(g, Path.of(bench.source()))) gf = NasBench.load(g);
        }
        // enumerating the space here would take tens of seconds unasked: only a cache already built is used
        boolean built = Files.exists(SpaceCache.defaultFile(CellSpec.MAX_VERTICES));
        SearchSpace[] loaded = new SearchSpace[1];
        Supplier<SearchSpace> space = !built ? null : () -> {
            if (loaded[0] == null) {
                try {
                    EnumerationLog log = new EnumerationLog(err);
                    loaded[0] = SpaceCache.full(log.progress(), log::warn);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return loaded[0];
        };
        return new GraphSources(bench, gf, space,
                built ? GraphSources.SPACE : "not the search space (not built yet: run ./ionas nb101 enumerate)");
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
