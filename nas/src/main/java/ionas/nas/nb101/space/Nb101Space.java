package ionas.nas.nb101.space;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpaceCache;
import ionas.nas.space.CellMutation;
import ionas.nas.space.CellNetworks;
import ionas.nas.space.CellSpace;
import ionas.nas.space.GraphEncoding;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The enumerated NAS-Bench-101 space behind the seam: cells are {@link CellSpec}s in the
 * {@link SearchSpace}'s ascending-hash order, keys are NAS-Bench-101's hashes, the encoding is
 * arch2vec's ({@link Nb101Encoding}), evolution mutates as NAS-Bench-101's example does
 * ({@link Nb101Mutation}, rate 1.0), and the network is NASBench-PyTorch's (see {@link Nb101Cells}, which also records a cell in
 * a run's files).
 */
public final class Nb101Space implements CellSpace<CellSpec> {
    public static final String NAME = Nb101Cells.NAME;

    private final SearchSpace space;
    private final CellMutation<CellSpec> mutation = new Nb101Mutation(Nb101Mutation.NASBENCH_RATE);

    public Nb101Space(SearchSpace space) {
        this.space = space;
    }

    /** The full space as {@link SpaceCache#full} loads it (from the cache, or enumerated and cached). */
    public static Nb101Space full(SearchSpace.Progress progress, Consumer<String> warnings) throws IOException {
        return new Nb101Space(SpaceCache.full(progress, warnings));
    }

    /** The space of cells with at most {@code maxVertices} vertices, as {@link SpaceCache#upTo} loads it. */
    public static Nb101Space upTo(int maxVertices, SearchSpace.Progress progress, Consumer<String> warnings) throws IOException {
        return new Nb101Space(SpaceCache.upTo(maxVertices, progress, warnings));
    }

    /** The enumerated space underneath (its binary cache, packed cells, maxVertices). */
    public SearchSpace enumerated() {
        return space;
    }

    @Override
    public String name() {
        return Nb101Cells.KIND.name();
    }

    @Override
    public int size() {
        return space.size();
    }

    @Override
    public CellSpec cell(int index) {
        return space.get(index);
    }

    @Override
    public String key(int index) {
        return space.hash(index);
    }

    @Override
    public int indexOf(String key) {
        return space.indexOf(key);
    }

    /** The cell's NAS-Bench-101 hash (of its pruned form). */
    @Override
    public String keyOf(CellSpec cell) {
        return Nb101Cells.KIND.keyOf(cell);
    }

    @Override
    public CellSpec byKey(String key) {
        return space.byHash(key);
    }

    @Override
    public GraphEncoding<CellSpec> encoding() {
        return Nb101Cells.KIND.encoding();
    }

    @Override
    public CellMutation<CellSpec> mutation() {
        return mutation;
    }

    @Override
    public CellNetworks<CellSpec> networks() {
        return Nb101Cells.KIND.networks();
    }

    @Override
    public Map<String, Object> describe(CellSpec cell) {
        return Nb101Cells.KIND.describe(cell);
    }

    @Override
    public CellSpec read(JsonNode fields) {
        return Nb101Cells.KIND.read(fields);
    }

    @Override
    public String toString() {
        return "Nb101Space(" + size() + " cells, at most " + space.maxVertices() + " vertices)";
    }
}
