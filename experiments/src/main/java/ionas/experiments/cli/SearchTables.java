package ionas.experiments.cli;

import ionas.nas.RunNames;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.nb101.data.BenchmarkFiles;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.search.SearchTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Shared by {@code search} and {@code predict}: an embedding file joined with a benchmark's records. */
final class SearchTables {
    private SearchTables() {}

    /** The benchmark file: the one given, else the 20,001-cell records in the data folder. */
    static Path benchmark(Path given, Path dataDir) {
        return given != null ? given : BenchmarkFiles.records20k(dataDir);
    }

    static SearchTable load(Path embeddings, Path benchmark) throws IOException {
        if (!Files.exists(embeddings))
            throw new IllegalArgumentException("no embeddings at " + embeddings + " (make them with `ionas arch2vec embed` or `ionas io-model embed`)");
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
                : "") + ", regrets against " + t.regretReference().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " (best validation " + t.bestValid() + ")";
    }

    /** A label from a file name: {@code runs/x/arch2vec-8.safetensors} -> {@code arch2vec-8}. */
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

    static String labelOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.indexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
