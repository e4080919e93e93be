package ionas.nas.nb201;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.space.CellMutation;
import ionas.nas.space.CellNetworks;
import ionas.nas.space.CellSpace;
import ionas.nas.space.GraphEncoding;
import java.util.Locale;
import java.util.Map;

/**
 * NAS-Bench-201 behind the search-space seam: all 15,625 cells, numbered in base 5
 * ({@link Nb201Cell#ordinal()}: the space needs no file), each keyed by the benchmark's
 * architecture string. The benchmark trained every string, isomorphic or not, so a key is one
 * string, not one isomorphism class; the records file maps keys to the benchmark's own indices.
 * The encoding is arch2vec's ({@link Nb201GraphEncoding}), the mutation the benchmark's
 * ({@link Nb201Mutation}) and the network its {@link Nb201Network}.
 */
public final class Nb201Space implements CellSpace<Nb201Cell> {
    public static final String NAME = "NAS-Bench-201";
    /** The space; it holds nothing but constants, so one instance serves everyone. */
    public static final Nb201Space INSTANCE = new Nb201Space();
    private static final CellNetworks<Nb201Cell> NETWORKS =
            (cell, shape, classes, init) -> new Nb201Network(cell, shape.stemChannels(), shape.stacks(), shape.cellsPerStack(), classes, init);

    private static final String ARCH = "arch";

    private Nb201Space() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return Nb201Cell.SPACE_SIZE;
    }

    @Override
    public Nb201Cell cell(int index) {
        return Nb201Cell.ofOrdinal(index);
    }

    @Override
    public String key(int index) {
        return cell(index).toString();
    }

    @Override
    public int indexOf(String key) {
        try {
            return Nb201Cell.parse(key).ordinal();
        } catch (IllegalArgumentException notACell) {
            return -1;
        }
    }

    @Override
    public String keyOf(Nb201Cell cell) {
        return cell.toString();
    }

    @Override
    public GraphEncoding<Nb201Cell> encoding() {
        return Nb201GraphEncoding.INSTANCE;
    }

    @Override
    public CellMutation<Nb201Cell> mutation() {
        return Nb201Mutation.INSTANCE;
    }

    @Override
    public CellNetworks<Nb201Cell> networks() {
        return NETWORKS;
    }

    /** {@code cell} and its ordinal, five digits ({@code cell03888}): the key has {@code |} and {@code ~} in it. */
    @Override
    public String fileName(Nb201Cell cell) {
        return String.format(Locale.ROOT, "cell%05d", cell.ordinal());
    }

    /** The benchmark's architecture string, under {@code arch} (NAS-Bench-201's own name for it). */
    @Override
    public Map<String, Object> describe(Nb201Cell cell) {
        return Map.of(ARCH, cell.toString());
    }

    @Override
    public Nb201Cell read(JsonNode fields) {
        JsonNode arch = fields.get(ARCH);
        if (arch == null || !arch.isTextual()) throw new IllegalArgumentException(NAME + " cell: no '" + ARCH + "' string");
        return Nb201Cell.parse(arch.asText());
    }

    @Override
    public String toString() {
        return "Nb201Space(" + size() + " cells)";
    }
}
