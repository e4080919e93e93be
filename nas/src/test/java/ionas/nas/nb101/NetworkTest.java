package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.autograd.Tensor;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network builder against the spec's test vectors and the benchmark's parameter counts. */
class NetworkTest {
    /** The README's Inception-like cell (spec 1.4a). */
    static final CellSpec INCEPTION = SpecCells.INCEPTION;

    @Test
    void vertexChannelsMatchTheSpecTestVectors() {
        assertArrayEquals(new int[] {128, 32, 32, 32, 32, 32, 128}, VertexChannels.compute(128, 128, INCEPTION));
        assertArrayEquals(new int[] {128, 64, 64, 64, 64, 64, 256}, VertexChannels.compute(128, 256, INCEPTION));
        CellSpec parallel = CellSpec.of(new int[][] {{0, 1, 1, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}},
                "input", "conv3x3-bn-relu", "conv3x3-bn-relu", "conv3x3-bn-relu", "output");
        assertArrayEquals(new int[] {128, 43, 43, 42, 128}, VertexChannels.compute(128, 128, parallel));
    }

    @Test
    void pruningDropsVerticesOffEveryPath() {
        CellSpec s = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
                "input", "conv1x1-bn-relu", "maxpool3x3", "output");
        CellSpec p = s.pruned();
        assertArrayEquals(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, p.matrix());
        assertEquals(List.of(CellOp.INPUT, CellOp.CONV1X1, CellOp.OUTPUT), p.ops());
        var err = assertThrows(IllegalArgumentException.class,
                () -> CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 0}, {0, 0, 0}}, "input", "maxpool3x3", "output").pruned());
        assertTrue(err.getMessage().contains("not connected"), err.getMessage());
        var tri = assertThrows(IllegalArgumentException.class,
                () -> CellSpec.of(new int[][] {{0, 1}, {1, 0}}, "input", "output"));
        assertTrue(tri.getMessage().contains("upper triangular"), tri.getMessage());
    }

    @Test
    void smallNetworkRunsForwardAndBackward() {
        Network net = new Network(INCEPTION, 8, 2, 1, 10, new Generator(1));
        Tensor x = Tensor.of(NDArray.randn(new Generator(2), 2, 3, 8, 8));
        Tensor logits = net.forward(x);
        assertArrayEquals(new int[] {2, 10}, logits.shape());
        assertEquals(16, net.featureChannels());
        logits.sum().backward();
        net.parameters().forEach(p -> assertTrue(p.grad() != null, "every parameter gets a gradient"));
    }

    /** nb101-1k.json's trainable_parameters come from the benchmark: the builder must reproduce them. */
    @Test
    void parameterCountsMatchTheBenchmark() throws Exception {
        Path file = Path.of("../../shared/data/nasbench101/nb101-1k.json");
        assumeTrue(Files.exists(file), "no NAS-Bench-101 records at " + file.toAbsolutePath() + "; skipped");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String[] names = {"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"};
        for (int i = 0; i < 25; i++) {
            JsonNode adj = root.get("adjacency").get(i), ops = root.get("operations").get(i);
            List<Integer> keep = new ArrayList<>();
            for (int v = 0; v < ops.size(); v++) if (ops.get(v).asInt() != -3) keep.add(v);
            int[][] m = new int[keep.size()][keep.size()];
            String[] labels = new String[keep.size()];
            for (int a = 0; a < keep.size(); a++) {
                int op = ops.get(keep.get(a)).asInt();
                labels[a] = op == -1 ? "input" : op == -2 ? "output" : names[op];
                for (int b = 0; b < keep.size(); b++) m[a][b] = adj.get(keep.get(a)).get(keep.get(b)).asInt();
            }
            Network net = new Network(CellSpec.of(m, labels), 128, 3, 3, 10, new Generator(0));
            assertEquals(root.get("trainable_parameters").get(i).asLong(), net.parameterCount(),
                    "cell " + i + " (" + root.get("key").get(i).asText() + ")");
        }
    }
}
