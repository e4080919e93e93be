package ionas.nas.nb101;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.JsonFiles;
import ionas.nas.RunNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list of named cells read from JSON, for commands that train or inspect given cells:
 * <pre>{@code
 * [ {"name": "inception", "matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv3x3-bn-relu", "output"]}, ... ]
 * }</pre>
 * Ops may also be NAS-Bench-101's integers (-1 input, 0 conv3x3, 1 conv1x1, 2 maxpool, -2 output,
 * -3 a padding vertex, which is dropped). A missing name becomes {@code cell<i>}.
 */
public final class CellList {
    private CellList() {}

    /** A cell and the name its outputs are filed under. */
    public record Named(String name, CellSpec cell) {}

    public static List<Named> read(Path file) throws IOException {
        JsonNode root = JsonFiles.readTree(new ObjectMapper(), file);
        if (root == null || !root.isArray()) throw new IOException(file + ": expected a JSON array of cells");
        List<Named> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode c = root.get(i);
            try {
                String name = RunNames.checkPath("the name", c.hasNonNull("name") ? c.get("name").asText() : "cell" + i);
                Integer first = seen.putIfAbsent(name, i);
                // the second would find the first's finished folder and never be trained
                if (first != null) throw new IllegalArgumentException("the name '" + name + "' is cell " + first + "'s too");
                out.add(new Named(name, parse(c)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": cell " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** One cell from {"matrix": ..., "ops": ...}. */
    public static CellSpec parse(JsonNode c) {
        JsonNode m = c.get("matrix"), ops = c.get("ops");
        if (m == null || ops == null || !m.isArray() || !ops.isArray())
            throw new IllegalArgumentException("needs \"matrix\" (a list of rows) and \"ops\" (a list)");
        List<Integer> keep = new ArrayList<>();
        for (int v = 0; v < ops.size(); v++) if (!(ops.get(v).isNumber() && ops.get(v).asInt() == -3)) keep.add(v);
        int[][] matrix = new int[keep.size()][keep.size()];
        String[] labels = new String[keep.size()];
        for (int a = 0; a < keep.size(); a++) {
            JsonNode op = ops.get(keep.get(a));
            labels[a] = op.isNumber() ? label(op.asInt()) : op.asText();
            JsonNode row = m.get(keep.get(a));
            if (row == null || row.size() != ops.size())
                throw new IllegalArgumentException("matrix row " + keep.get(a) + " must have " + ops.size() + " entries");
            for (int b = 0; b < keep.size(); b++) matrix[a][b] = row.get(keep.get(b)).asInt();
        }
        return CellSpec.of(matrix, labels);
    }

    private static String label(int op) {
        return switch (op) {
            case -1 -> "input";
            case -2 -> "output";
            case 0 -> CellOp.CONV3X3.label();
            case 1 -> CellOp.CONV1X1.label();
            case 2 -> CellOp.MAXPOOL3X3.label();
            default -> throw new IllegalArgumentException("unknown NAS-Bench-101 op number " + op);
        };
    }
}
