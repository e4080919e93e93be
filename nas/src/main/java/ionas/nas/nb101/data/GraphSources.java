package ionas.nas.nb101.data;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where a cell's graph is found for a hash, in this order: the benchmark records, a second records
 * file that has graphs, then the enumerated search space. The JSON record files mostly lack graphs
 * (only {@code nb101-1k.json} has them), so a hash's cell often comes from the space.
 */
public final class GraphSources {
    /** A hash's cell and the source that had it. */
    public record Found(String hash, CellSpec cell, String source) {}

    /** What {@link #describe} calls the search space. */
    public static final String SPACE = "the NAS-Bench-101 search space";

    private final NasBench bench;
    private final NasBench graphsFile;
    private final Supplier<SearchSpace> space;
    private final List<String> described;

    /**
     * @param graphsFile records with graphs, or null
     * @param space the search space, asked for only when a hash needs it (loading it can take tens
     *     of seconds); null when it is not to be used
     * @param spaceDescription what {@link #describe} says of the space: {@link #SPACE}, or why it is not used
     */
    public GraphSources(NasBench bench, NasBench graphsFile, Supplier<SearchSpace> space, String spaceDescription) {
        this.bench = bench;
        this.graphsFile = graphsFile;
        this.space = space;
        List<String> d = new ArrayList<>();
        d.add(bench.source() + (bench.hasGraphs() ? "" : " (has no graphs)"));
        if (graphsFile != null) d.add(graphsFile.source() + " (" + graphsFile.size() + " graphs)");
        d.add(spaceDescription);
        this.described = List.copyOf(d);
    }

    /** The cell of {@code hash} and where it was found, or null when no source has its graph. */
    public Found find(String hash) {
        if (bench.contains(hash) && bench.graph(hash).isPresent()) return new Found(hash, bench.graph(hash).get(), bench.source());
        if (graphsFile != null && graphsFile.contains(hash) && graphsFile.graph(hash).isPresent())
            return new Found(hash, graphsFile.graph(hash).get(), graphsFile.source());
        if (space == null) return null;
        SearchSpace s = space.get();
        return s.contains(hash) ? new Found(hash, s.byHash(hash), SPACE) : null;
    }

    /** The sources, in the order they are asked, for messages. */
    public String describe() {
        return String.join(", ", described);
    }
}
