package ionas.experiments.cli;

import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.nb101.data.NasBench;
import ionas.nas.nb201.Nb201Cell;
import ionas.nas.nb201.Nb201GraphEncoding;
import ionas.nas.nb201.Nb201Records;
import ionas.nas.space.CellSpace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which cells the embed commands embed: every cell of the space, or only those with records in a
 * benchmark file. Search and prediction read nothing else of an embedding file, and the 20,001-cell
 * records are a twentieth of the space, so {@code reproduce} embeds only them (a second instead of
 * half a minute); the vectors are the same as the whole space's rows.
 */
final class EmbeddedCells {
    @Option(names = "--benchmark", paramLabel = "FILE",
            description = {"Embed only the cells with records in this benchmark file (a records JSON or the official tfrecord):",
                "all that search and predict read. Default: every cell of the space. --space nb201: the NAS-Bench-201",
                "records file whose cells are embedded (default DATA/nasbench201/nb201-val.json)."})
    private Path benchmark;

    /** The cells to embed, in the space's order, and their hashes in the same order. */
    record Selection(Arch2VecDataset cells, List<String> hashes) {}

    /**
     * NAS-Bench-201: the cells of its records file ({@code --benchmark}, default
     * DATA/nasbench201/nb201-val.json) in the benchmark's index order, keyed by their strings.
     */
    Selection ofNb201(Path dataDir) throws IOException {
        Nb201Records records = Nb201Records.load(benchmark != null ? benchmark : Nb201Records.defaultFile(dataDir));
        List<Nb201Cell> cells = records.cells();
        return new Selection(Arch2VecDataset.of(cells, Nb201GraphEncoding.INSTANCE), cells.stream().map(Nb201Cell::toString).toList());
    }

    <C> Selection of(CellSpace<C> space) throws IOException {
        if (benchmark == null) return new Selection(Arch2VecDataset.of(space), space.keys());
        NasBench bench = SearchTables.records(benchmark);
        List<String> keys = space.keys().stream().filter(bench::contains).toList();
        if (keys.isEmpty()) throw new IllegalArgumentException("no cell of the space has records in " + benchmark);
        return new Selection(Arch2VecDataset.of(keys.stream().map(space::byKey).toList(), space.encoding()), keys);
    }
}
