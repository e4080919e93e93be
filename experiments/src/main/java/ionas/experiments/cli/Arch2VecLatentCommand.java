package ionas.experiments.cli;

import ionas.experiments.figures.LatentFigures;
import ionas.nas.arch2vec.Arch2VecEncoding;
import ionas.nas.arch2vec.LatentMaps;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpaceCache;
import ionas.nas.search.SearchTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas arch2vec latent}: arch2vec's latent-space figures (its Figures 4 and 5) for one or more embeddings. */
@Command(name = "latent",
        description = {"Latent-space figures of embeddings, as arch2vec's paper shows them: PCA and t-SNE (Smile) maps of a random",
            "sample of the benchmark's cells coloured by validation accuracy, and the L2 distance between two cells' embeddings",
            "against their edit distance (random pairs of the sample). The same cells for every embedding."})
public final class Arch2VecLatentCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--embeddings", paramLabel = "LABEL=FILE", required = true,
            description = "An embeddings file (arch2vec embed --benchmark ...) and its name in the figures; repeat for more.")
    private Map<String, Path> embeddings = new LinkedHashMap<>();

    @Option(names = "--benchmark", paramLabel = "FILE", description = "Records with the accuracies (default: DATA/nasbench101/nb101-20k.json).")
    private Path benchmark;

    @Option(names = "--cells", defaultValue = "2000", description = "Cells in the sample (default ${DEFAULT-VALUE}).")
    private int cells;

    @Option(names = "--pairs", defaultValue = "100000", description = "Random pairs for the distance figure (default ${DEFAULT-VALUE}).")
    private int pairs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the sample, the pairs and t-SNE's start (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "The cells come from the space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space).")
    private int maxVertices;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/arch2vec", description = "Folder of the figures (default ${DEFAULT-VALUE}).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        if (cells < 2) throw new ParameterException(spec.commandLine(), "--cells must be at least 2");
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        PrintWriter stdout = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Path bench = SearchTables.benchmark(benchmark, GlobalOptions.of(spec).dataDir());
        EnumerationLog spaceLog = new EnumerationLog(spec.commandLine().getErr());
        SearchSpace space = SpaceCache.upTo(maxVertices, spaceLog.progress(), spaceLog::warn);
        Map<String, LatentFigures.Maps> maps = new LinkedHashMap<>();
        Map<String, List<LatentMaps.Distances>> distances = new LinkedHashMap<>();
        List<String> sample = null;
        for (var e : embeddings.entrySet()) {
            SearchTable table = SearchTables.load(e.getValue(), bench);
            if (sample == null) sample = sample(table.hashes(), Math.min(cells, table.size()), seed);
            Map<String, Integer> row = new LinkedHashMap<>();
            for (int i = 0; i < table.size(); i++) row.put(table.hash(i), i);
            float[][] points = new float[sample.size()][];
            double[] accuracy = new double[sample.size()];
            Arch2VecEncoding[] encodings = new Arch2VecEncoding[sample.size()];
            for (int k = 0; k < sample.size(); k++) {
                Integer i = row.get(sample.get(k));
                if (i == null) throw new ParameterException(spec.commandLine(), e.getValue() + " has no embedding of cell " + sample.get(k)
                        + ", which " + embeddings.keySet().iterator().next() + " has: embed the same benchmark's cells");
                points[k] = table.embedding(i);
                accuracy[k] = table.validAccuracy(i);
                encodings[k] = Arch2VecEncoding.encode(space.byHash(sample.get(k)));
            }
            maps.put(e.getKey(), new LatentFigures.Maps(LatentMaps.pca(points), LatentMaps.tsne(points, seed), accuracy));
            List<LatentMaps.Distances> d = LatentMaps.byEditDistance(points, encodings, pairs, seed);
            distances.put(e.getKey(), d);
            for (LatentMaps.Distances x : d)
                stdout.printf(Locale.ROOT, "%s: edit distance %2d: %6d pairs, L2 %.4f +- %.4f%n", e.getKey(), x.editDistance(), x.pairs(), x.mean(), x.sd());
            stdout.flush();
        }
        var files = LatentFigures.write(out, maps, distances);
        stdout.printf(Locale.ROOT, "%d figures of %d cells in %s (%.1f s)%n", files.size(), sample.size(), out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** {@code n} of {@code hashes} drawn without replacement (a partial Fisher-Yates shuffle), in the order drawn. */
    private static List<String> sample(List<String> hashes, int n, long seed) {
        String[] h = hashes.toArray(String[]::new);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            int j = k + rng.nextInt(h.length - k);
            String t = h[k];
            h[k] = h[j];
            h[j] = t;
        }
        return List.of(h).subList(0, n);
    }
}
