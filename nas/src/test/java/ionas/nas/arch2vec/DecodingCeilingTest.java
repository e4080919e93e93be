package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Encoding;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodingCeilingTest {
    private static final String IN = "input", OUT = "output", C3 = "conv3x3-bn-relu", C1 = "conv1x1-bn-relu";

    /** input -> conv3x3 -> conv1x1 -> output, padded with three zero rows. */
    private static final CellSpec CHAIN = CellSpec.of(new int[][] {{0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}}, IN, C3, C1, OUT);

    /** input -> two conv3x3 side by side -> output: the two convs are twins and not adjacent; two rows of padding. */
    private static final CellSpec TWINS = CellSpec.of(new int[][] {
        {0, 1, 1, 0, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}}, IN, C3, C3, C1, OUT);

    /**
     * Two pairs of adjacent twins x, y (conv3x3) and u, v (conv1x1) joined crosswise, x-u and y-v but
     * not x-v or y-u: every same-coloured pair is an edge, yet the pairs between the two classes disagree.
     */
    private static final CellSpec CROSSED = CellSpec.of(new int[][] {
        {0, 1, 1, 0, 0, 0}, {0, 0, 1, 1, 0, 0}, {0, 0, 0, 0, 1, 0}, {0, 0, 0, 0, 1, 1}, {0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0}},
            IN, C3, C3, C1, C1, OUT);

    private static DecodingCeiling.Cell ceiling(CellSpec c) {
        Arch2VecEncoding e = Arch2VecEncoding.encode(c);
        return DecodingCeiling.of(e.opsFlat(), e.adjacencyFlat(), Arch2Vec.GIN_LAYERS);
    }

    @Test
    void aCellWhoseVerticesAreAllTellableApartIsDecodableDespiteItsPadding() {
        DecodingCeiling.Cell c = ceiling(CHAIN);
        // the three padding rows share a colour and are not adjacent; mu = 0 there decodes them as non-edges (sigmoid(0) = 0.5 is not > 0.5)
        assertEquals(c.colours()[4], c.colours()[5]);
        assertEquals(c.colours()[5], c.colours()[6]);
        assertFalse(c.sameColourNonEdge());
        assertTrue(c.decodable());
        assertEquals(21, c.bestAdjacencyCorrect());
    }

    @Test
    void twoNonAdjacentTwinsMakeACellUndecodable() {
        DecodingCeiling.Cell c = ceiling(TWINS);
        assertEquals(c.colours()[1], c.colours()[2]);
        assertTrue(c.sameColourNonEdge());
        assertFalse(c.decodable());
        // the twins' shared mu makes their pair an edge (one entry wrong); zeroing them instead would lose their four edges
        assertEquals(20, c.bestAdjacencyCorrect());
    }

    @Test
    void twoClassesJoinedBySomeEdgesButNotAllMakeACellUndecodable() {
        DecodingCeiling.Cell c = ceiling(CROSSED);
        int[] k = c.colours();
        assertTrue(k[1] == k[2] && k[3] == k[4] && k[1] != k[3], java.util.Arrays.toString(k));
        assertFalse(c.sameColourNonEdge(), "every same-coloured pair is an edge");
        assertFalse(c.decodable());
        assertEquals(19, c.bestAdjacencyCorrect(), "the four pairs between the classes share one prediction: two of them are wrong");
    }

    /** The premise: for any weights, arch2vec's encoder gives vertices of one colour the same mu, and the positional and tie-breaking ones do not. */
    @Test
    void verticesOfOneColourGetTheSameMuForAnyWeightsAndPositionsSeparateThem() {
        for (int seed = 0; seed < 3; seed++) {
            float[] plain = mu(NodeFeatures.ARCH2VEC, seed);
            int d = Arch2Vec.LATENT;
            for (int[] twins : new int[][] {{1, 2}, {3, 4}}) {
                float[] a = java.util.Arrays.copyOfRange(plain, twins[0] * d, twins[0] * d + d), b = java.util.Arrays.copyOfRange(plain, twins[1] * d, twins[1] * d + d);
                assertArrayEquals(a, b, 1e-6f);
                for (NodeFeatures broken : new NodeFeatures[] {NodeFeatures.POSITIONAL, NodeFeatures.TIES}) {
                    float[] mu = mu(broken, seed);
                    float[] pa = java.util.Arrays.copyOfRange(mu, twins[0] * d, twins[0] * d + d), pb = java.util.Arrays.copyOfRange(mu, twins[1] * d, twins[1] * d + d);
                    double diff = 0;
                    for (int i = 0; i < d; i++) diff += Math.abs(pa[i] - pb[i]);
                    assertTrue(diff > 1e-3, broken + ": vertices " + twins[0] + " and " + twins[1] + " differ by " + diff);
                }
            }
        }
    }

    private static float[] mu(NodeFeatures features, int seed) {
        Arch2Vec model = Arch2Vec.standard(new Generator(seed), new Generator(seed), Arch2Vec.Variant.CODE, features);
        model.eval();
        Arch2VecDataset data = Arch2VecDataset.of(List.of(CROSSED), Nb101Encoding.INSTANCE);
        NDArray[] x = data.batch(new int[] {0}, 0, 1);
        try (var s = Autograd.noGrad()) {
            return model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1]))).mu().toFloatArray();
        }
    }

    @Test
    void theCeilingOverCellsCountsTheUndecodableAndTheBestEntries() {
        Arch2VecDataset data = Arch2VecDataset.of(List.of(CHAIN, TWINS, CROSSED, CHAIN), Nb101Encoding.INSTANCE);
        DecodingCeiling.Result r = DecodingCeiling.over(data);
        assertEquals(4, r.cells());
        assertEquals(2, r.undecodable());
        assertEquals(1, r.sameColourNonEdge());
        assertEquals(0.5, r.undecodableShare());
        assertEquals((21 + 20 + 19 + 21) / 84.0, r.adjacencyCeiling(), 1e-12);
        assertEquals(1, DecodingCeiling.over(data, new int[] {1}).undecodable());
        var e = assertThrows(IllegalArgumentException.class, () -> DecodingCeiling.of(new float[35], new float[48], 4));
        assertTrue(e.getMessage().contains("49 adjacency values"), e.getMessage());
    }
}
