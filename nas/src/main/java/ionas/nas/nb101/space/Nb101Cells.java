package ionas.nas.nb101.space;

import com.fasterxml.jackson.databind.JsonNode;
import ionas.nas.nb101.CellOp;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.Network;
import ionas.nas.space.CellKind;
import ionas.nas.space.CellNetworks;
import ionas.nas.space.GraphEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAS-Bench-101's cells without the enumerated space: keyed by their hash, encoded as arch2vec
 * encodes them ({@link Nb101Encoding}), built into NASBench-PyTorch's {@link Network}, and recorded in a run's files as their adjacency
 * {@code matrix} and op labels {@code ops}, as NAS-Bench-101's own API names them.
 */
public final class Nb101Cells implements CellKind<CellSpec> {
    public static final String NAME = "NAS-Bench-101";
    /** The one instance: the kind holds nothing but constants. */
    public static final Nb101Cells KIND = new Nb101Cells();
    private static final CellNetworks<CellSpec> NETWORKS =
            (cell, shape, classes, init) -> new Network(cell, shape.stemChannels(), shape.stacks(), shape.cellsPerStack(), classes, init);

    private Nb101Cells() {}

    @Override
    public String name() {
        return NAME;
    }

    /** The cell's NAS-Bench-101 hash (of its pruned form). */
    @Override
    public String keyOf(CellSpec cell) {
        return cell.hash();
    }

    @Override
    public GraphEncoding<CellSpec> encoding() {
        return Nb101Encoding.INSTANCE;
    }

    @Override
    public CellNetworks<CellSpec> networks() {
        return NETWORKS;
    }

    @Override
    public Map<String, Object> describe(CellSpec cell) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("matrix", Arrays.stream(cell.matrix()).map(row -> Arrays.stream(row).boxed().toList()).toList());
        fields.put("ops", cell.ops().stream().map(CellOp::label).toList());
        return fields;
    }

    @Override
    public CellSpec read(JsonNode fields) {
        JsonNode mat = fields.get("matrix"), ops = fields.get("ops");
        if (mat == null || !mat.isArray()) throw new IllegalArgumentException(NAME + " cell: no 'matrix' array");
        if (ops == null || !ops.isArray()) throw new IllegalArgumentException(NAME + " cell: no 'ops' array");
        int[][] matrix = new int[mat.size()][];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = new int[mat.get(i).size()];
            for (int j = 0; j < matrix[i].length; j++) matrix[i][j] = mat.get(i).get(j).asInt();
        }
        List<String> labels = new ArrayList<>();
        ops.forEach(o -> labels.add(o.asText()));
        return CellSpec.of(matrix, labels.toArray(String[]::new));
    }

    @Override
    public String toString() {
        return NAME + " cells";
    }
}
