package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NAS-Bench-101's graph hash against the spec's test vectors (1.4a) and the keys of real benchmark records. */
class GraphHashTest {
    static final Path NB101_1K = Path.of("..", "..", "shared", "data", "nasbench101", "nb101-1k.json");

    @Test
    void inceptionCellHasTheReadmeHash() {
        assertEquals("28cfc7874f6d200472e1a9dcd8650aa0", NetworkTest.INCEPTION.hash());
        assertEquals("28cfc7874f6d200472e1a9dcd8650aa0", GraphHash.of(NetworkTest.INCEPTION));
    }

    @Test
    void chainCellHasTheSpecHash() {
        CellSpec chain = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output");
        assertEquals("b49ac8c578b4561d79ac7087988f1c61", chain.hash());
    }

    @Test
    void initialStringIsPythonsTupleString() {
        assertEquals("(2, 0, -1)", GraphHash.tupleString(2, 0, -1));
    }

    @Test
    void hasherMatchesAPlainStringImplementation() throws Exception {
        // the reference below is a line-by-line transcription of graph_util.hash_module with Strings
        int[][] m = {{0, 1, 1, 0, 1}, {0, 0, 0, 1, 0}, {0, 0, 0, 1, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}};
        for (int[] labels : new int[][] {{-1, 0, 1, 2, -2}, {-1, 2, 2, 2, -2}, {-1, 1, 0, 0, -2}, {3, 9, 12, -7, 40}})
            assertEquals(reference(m, labels), GraphHash.hashModule(m, labels));
    }

    @Test
    void hashIsOfThePrunedCell() {
        // spec 1.4a's pruning vector: vertex 2 (maxpool) dangles and must not change the key
        CellSpec dangling = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
                "input", "conv1x1-bn-relu", "maxpool3x3", "output");
        CellSpec pruned = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv1x1-bn-relu", "output");
        assertEquals(pruned.hash(), dangling.hash());
        assertNotEquals(pruned.hash(), CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output").hash());
    }

    @Test
    void isomorphicCellsShareAHash() {
        // input -> {1, 2} -> output with the two interior ops swapped: the same cell
        int[][] m = {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 0}};
        assertEquals(GraphHash.hashModule(m, new int[] {-1, 0, 2, -2}), GraphHash.hashModule(m, new int[] {-1, 2, 0, -2}));
        // a chain conv1x1 -> maxpool is not the chain maxpool -> conv1x1
        int[][] chain = {{0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}};
        assertNotEquals(GraphHash.hashModule(chain, new int[] {-1, 1, 2, -2}), GraphHash.hashModule(chain, new int[] {-1, 2, 1, -2}));
    }

    @Test
    void disconnectedCellHasNoHash() {
        CellSpec cut = CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 0}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output");
        assertThrows(IllegalArgumentException.class, cut::hash);
    }

    @Test
    void everyKeyOfTheBenchmarkSampleIsReproduced() throws Exception {
        assumeTrue(Files.isRegularFile(NB101_1K), "no " + NB101_1K);
        List<Nb101Record> cells = Nb101Record.read(NB101_1K);
        assertEquals(1000, cells.size());
        for (Nb101Record r : cells) assertEquals(r.key(), r.spec().hash(), r.spec().toString());
    }

    /** One record of nb101-1k.json: its key and its graph with the padding (-3) vertices dropped. */
    record Nb101Record(String key, CellSpec spec) {
        static List<Nb101Record> read(Path file) throws Exception {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            JsonNode keys = root.get("key"), adj = root.get("adjacency"), ops = root.get("operations");
            List<Nb101Record> out = new ArrayList<>();
            for (int c = 0; c < keys.size(); c++) {
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < ops.get(c).size(); i++) if (ops.get(c).get(i).asInt() != -3) keep.add(i);
                int v = keep.size();
                int[][] m = new int[v][v];
                List<CellOp> o = new ArrayList<>();
                for (int a = 0; a < v; a++) {
                    int code = ops.get(c).get(keep.get(a)).asInt();
                    o.add(switch (code) {
                        case -1 -> CellOp.INPUT;
                        case -2 -> CellOp.OUTPUT;
                        default -> CellOp.values()[code];
                    });
                    for (int b = 0; b < v; b++) m[a][b] = (int) adj.get(c).get(keep.get(a)).get(keep.get(b)).asDouble();
                }
                out.add(new Nb101Record(keys.get(c).asText(), new CellSpec(m, o)));
            }
            return out;
        }
    }

    private static String reference(int[][] m, int[] labels) throws Exception {
        int v = m.length;
        MessageDigest md = MessageDigest.getInstance("MD5");
        List<String> h = new ArrayList<>();
        for (int a = 0; a < v; a++) {
            int out = 0, in = 0;
            for (int b = 0; b < v; b++) {
                out += m[a][b];
                in += m[b][a];
            }
            h.add(hex(md, "(" + out + ", " + in + ", " + labels[a] + ")"));
        }
        for (int r = 0; r < v; r++) {
            List<String> next = new ArrayList<>();
            for (int a = 0; a < v; a++) {
                List<String> ins = new ArrayList<>(), outs = new ArrayList<>();
                for (int w = 0; w < v; w++) {
                    if (m[w][a] == 1) ins.add(h.get(w));
                    if (m[a][w] == 1) outs.add(h.get(w));
                }
                ins.sort(null);
                outs.sort(null);
                next.add(hex(md, String.join("", ins) + "|" + String.join("", outs) + "|" + h.get(a)));
            }
            h = next;
        }
        h.sort(null);
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < h.size(); i++) s.append(i > 0 ? ", " : "").append('\'').append(h.get(i)).append('\'');
        return hex(md, s.append(']').toString());
    }

    private static String hex(MessageDigest md, String s) {
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
