package ionas.nas.nb101;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.tensor.Generator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The weight-free count against the network builder. */
class ParameterCountTest {
    private static final String[] INTERIOR = {"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"};

    /** Random valid cells of 2..7 vertices (upper-triangular, connected input to output, <= 9 edges after pruning). */
    static List<CellSpec> randomCells(int count, long seed) {
        Random rnd = new Random(seed);
        List<CellSpec> out = new ArrayList<>();
        while (out.size() < count) {
            int v = 2 + rnd.nextInt(6);
            int[][] m = new int[v][v];
            for (int i = 0; i < v; i++) for (int j = i + 1; j < v; j++) m[i][j] = rnd.nextInt(3) == 0 ? 1 : 0;
            String[] ops = new String[v];
            ops[0] = "input";
            ops[v - 1] = "output";
            for (int i = 1; i < v - 1; i++) ops[i] = INTERIOR[rnd.nextInt(3)];
            try {
                out.add(CellSpec.of(m, ops).checkInSpace());
            } catch (IllegalArgumentException notInSpace) {
                // draw again
            }
        }
        return out;
    }

    @Test
    void equalsTheBuiltNetworksCountOnManyCells() {
        for (CellSpec cell : randomCells(200, 7)) {
            // small channels keep building cheap; the shapes' arithmetic is the same at 128
            assertEquals(new Network(cell, 6, 3, 2, 10, new Generator(0)).parameterCount(), ParameterCount.network(cell, 6, 3, 2, 10), cell.toString());
            assertEquals(new Network(cell, 13, 2, 1, 7, new Generator(0)).parameterCount(), ParameterCount.network(cell, 13, 2, 1, 7), cell.toString());
        }
    }

    @Test
    void equalsThePaperNetworkAt128Channels() {
        for (CellSpec cell : randomCells(6, 11)) assertEquals(new Network(cell, 128, 3, 3, 10, new Generator(0)).parameterCount(), ParameterCount.paperNetwork(cell), cell.toString());
        assertEquals(new Network(NetworkTest.INCEPTION, 128, 3, 3, 10, new Generator(0)).parameterCount(), ParameterCount.paperNetwork(NetworkTest.INCEPTION));
    }

    @Test
    void unprunedCellsArePrunedFirst() {
        CellSpec s = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
                "input", "conv1x1-bn-relu", "conv3x3-bn-relu", "output");
        assertEquals(ParameterCount.paperNetwork(s.pruned()), ParameterCount.paperNetwork(s));
        assertEquals(new Network(s, 8, 3, 3, 10, new Generator(0)).parameterCount(), ParameterCount.network(s, 8, 3, 3, 10));
    }
}
