package ionas.experiments.cli;

import ionas.nas.RunNames;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.data.BenchmarkFiles;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.nb201.Nb201Benchmark;
import ionas.nas.nb201.Nb201Dataset;
import ionas.nas.nb201.Nb201Records;
import ionas.nas.search.SearchTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/** Shared by {@code search} and {@code predict}: an embedding file joined with a benchmark's records. */
final class SearchTables {
    private SearchTables() {}

    /** The benchmark file: the one given, else the 20,001-cell records in the data folder. */
    static Path benchmark(Path given, Path dataDir) {
        return given != null ? given : BenchmarkFiles.records20k(dataDir);
    }

    /** The records file of {@code space}: the one given, else the space's default in the data folder. */
    static Path benchmark(SpaceName space, Path given, Path dataDir) {
        return space == SpaceName.NB201 ? (given != null ? given : Nb201Records.defaultFile(dataDir)) : benchmark(given, dataDir);
    }

    /** The embeddings {@code arch2vec embed} writes by default for {@code space}. */
    static Path defaultEmbeddings(SpaceName space) {
        return Path.of(space == SpaceName.NB201 ? "runs/arch2vec-nb201" : "runs/arch2vec", "embeddings.safetensors");
    }

    static SearchTable load(Path embeddings, Path benchmark) throws IOException {
        return load(SpaceName.NB101, embeddings, benchmark, null);
    }

    /**
     * The embeddings joined with {@code space}'s records; on NAS-Bench-201 with the validation
     * accuracy of {@code dataset} (unused on NAS-Bench-101).
     */
    static SearchTable load(SpaceName space, Path embeddings, Path benchmark, Nb201Dataset dataset) throws IOException {
        if (!Files.exists(embeddings))
            throw new IllegalArgumentException("no embeddings at " + embeddings + " (make them with `ionas arch2vec embed"
                    + (space == SpaceName.NB201 ? " --space nb201`" : "` or `ionas io-model embed`") + ")");
        if (space == SpaceName.NB201) {
            if (!Files.exists(benchmark))
                throw new IllegalArgumentException("no NAS-Bench-201 records at " + benchmark + " (give --benchmark FILE: a records file like nb201-val.json)");
            return SearchTable.of(Arch2VecEmbeddings.read(embeddings), new Nb201Benchmark(Nb201Records.load(benchmark), dataset));
        }
        return SearchTable.of(Arch2VecEmbeddings.read(embeddings), records(benchmark));
    }

    /** The benchmark's records, or an error naming the file and what to give instead. */
    static NasBench records(Path benchmark) throws IOException {
        if (!Files.exists(benchmark))
            throw new IllegalArgumentException("no benchmark records at " + benchmark + " (give --benchmark FILE: the official "
                    + "nasbench_only108.tfrecord or a records JSON)");
        return NasBench.load(benchmark);
    }

    /** What every output says about the table: how many cells it covers and what its regrets are measured on. */
    static String describe(SearchTable t, Path benchmark) {
        return t.size() + " cells of " + benchmark.getFileName() + (Double.isNaN(t.bestTest())
                ? " (these records have no test accuracies: rewards and regrets are on validation accuracy only)"
                : "") + ", regrets against " + t.regretReference().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + String.format(Locale.ROOT, " (best validation %.2f%%)", 100 * t.bestValid());
    }

    /**
     * The label outputs are filed under: {@code --label}, else the embedding file's name, checked
     * to be one folder name ({@code --label ../x} wrote outside {@code --out}).
     */
    static String label(CommandLine.Model.CommandSpec spec, String label, Path embeddings) {
        String name = label != null ? label : labelOf(embeddings);
        try {
            return RunNames.check(label != null ? "--label" : "the label taken from " + embeddings.getFileName(), name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + (label != null ? "" : "; give --label"));
        }
    }

    /** A label from a file name: {@code runs/x/arch2vec-8.safetensors} -> {@code arch2vec-8}. */
    static String labelOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
