package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.random.PythonRandom;
import ionas.autograd.Tensor;
import ionas.nas.space.CellMutation;
import ionas.nas.space.CellNetwork;
import ionas.nas.space.NetworkShape;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** NAS-Bench-201 through the search-space seam: keys, the encoders' dataset, mutation and networks. */
class Nb201SpaceTest {
    private final Nb201Space space = Nb201Space.INSTANCE;

    @Test
    void everyCellIsKeyedByItsArchitectureString() {
        assertEquals(15_625, space.size());
        for (int i = 0; i < space.size(); i += 97) {
            assertEquals(i, space.indexOf(space.key(i)));
            assertEquals(space.key(i), space.keyOf(space.cell(i)));
        }
        assertEquals(-1, space.indexOf("|none~0|"), "not a cell: no index, no exception");
        String best = "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|";
        assertEquals(best, space.byKey(best).toString());
    }

    @Test
    void theEncodersDatasetReadsArch2VecsEightVertexGraphs() {
        Arch2VecDataset data = Arch2VecDataset.of(space);
        assertEquals(Nb201GraphEncoding.LAYOUT, data.layout());
        assertEquals(15_625, data.size());
        NDArray[] batch = data.batch(new int[] {0, 15_624}, 0, 2);
        assertArrayEquals(new int[] {2, 8, 7}, batch[0].shape());
        assertArrayEquals(new int[] {2, 8, 8}, batch[1].shape());
        // cell 15,624 is avg_pool_3x3 on every edge: arch2vec's label 3 on vertices 1..6
        float[] ops = batch[0].toFloatArray();
        for (int v = 1; v <= 6; v++) assertEquals(1f, ops[8 * 7 + v * 7 + 3], "vertex " + v);
    }

    @Test
    void aChildDiffersFromItsParentOnExactlyOneEdge() {
        Nb201Cell parent = Nb201Cell.parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|");
        PythonRandom rng = new PythonRandom(7);
        CellMutation.Children children = space.mutation().children(parent, rng);
        int[] changedEdge = new int[Nb201Cell.EDGES];
        for (int k = 0; k < 3_000; k++) {
            Nb201Cell child = space.byKey(children.next(rng));
            int changed = -1;
            for (int e = 0; e < Nb201Cell.EDGES; e++) {
                if (child.edge(e) != parent.edge(e)) {
                    assertEquals(-1, changed, "one edge only: " + child);
                    changed = e;
                }
            }
            assertNotEquals(-1, changed, "a child is never its parent");
            changedEdge[changed]++;
        }
        // a node is drawn uniformly, then one of its inputs: edge (0,1) 1/3, (0,2), (1,2) 1/6, the three into node 3 1/9
        double[] expected = {1 / 3.0, 1 / 6.0, 1 / 6.0, 1 / 9.0, 1 / 9.0, 1 / 9.0};
        for (int e = 0; e < Nb201Cell.EDGES; e++)
            assertEquals(expected[e], changedEdge[e] / 3_000.0, 0.03, "share of children that changed edge " + e);
    }

    @Test
    void theNetworkIsTheBenchmarksForTheBenchmarksShape() {
        Nb201Cell allConv = Nb201Cell.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        NetworkShape benchmark = new NetworkShape(Nb201Network.CHANNELS, Nb201Network.STAGES, Nb201Network.CELLS_PER_STAGE);
        assertEquals(1_531_546, space.networks().network(allConv, benchmark, 10, new Generator(0)).parameterCount());
        // stem 8: 216 + 16; a cell at 8: 6 x (576 + 16); the reduction 8 -> 16: 1,184 + 2,336 + 128; a cell at 16:
        // 6 x (2,304 + 32); the last batch norm 32; the classifier 170
        CellNetwork small = space.networks().network(allConv, new NetworkShape(8, 2, 1), 10, new Generator(0));
        assertEquals(232 + 3_552 + 3_648 + 14_016 + 32 + 170, small.parameterCount());
        assertEquals(16, small.featureChannels(), "the stem's 8 channels doubled once for the second stage");
        assertArrayEquals(new int[] {2, 16}, small.features(Tensor.of(NDArray.zeros(2, 3, 8, 8))).shape());
    }
}
