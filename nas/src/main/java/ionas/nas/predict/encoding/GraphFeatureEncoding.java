package ionas.nas.predict.encoding;

import ionas.nas.nb101.CellSpec;
import java.util.List;
import java.util.function.Function;

/**
 * An encoding computed from each cell's graph ({@link AdjacencyEncoding}, {@link PathEncoding}),
 * the graph found by hash.
 *
 * @param graphs the cell of a hash, or null when unknown
 * @param source what the error for unknown hashes calls {@code graphs}
 * @param features the features of one cell
 */
public record GraphFeatureEncoding(String name, Function<String, CellSpec> graphs, String source, Function<CellSpec, double[]> features)
        implements CellEncoding {
    @Override
    public double[][] encode(List<String> hashes) {
        MissingCells.check(source, hashes, h -> graphs.apply(h) != null);
        return hashes.stream().map(h -> features.apply(graphs.apply(h))).toArray(double[][]::new);
    }
}
