package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.SpecCells;
import org.junit.jupiter.api.Test;

/** arch2vec's padded encoding (spec 3.1) and its decodings. */
class Arch2VecEncodingTest {
    static final CellSpec FIVE = CellSpec.of(new int[][] {
            {0, 1, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}},
            "input", "conv3x3-bn-relu", "maxpool3x3", "conv1x1-bn-relu", "output");

    @Test
    void paddingGoesAtTheEndAndTheOutputStaysAtVMinusOne() {
        Arch2VecEncoding e = Arch2VecEncoding.encode(FIVE);
        int[][] a = e.adjacency(), o = e.ops();
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 0, 0}, a[0]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 0, 0}, a[3]);
        for (int i = 5; i < 7; i++) {
            assertArrayEquals(new int[7], a[i]);
            assertArrayEquals(new int[5], o[i]);
            for (int r = 0; r < 7; r++) assertEquals(0, a[r][i], "padding column " + i);
        }
        // arch2vec's vocabulary: input 0, conv1x1 1, conv3x3 2, maxpool 3, output 4
        assertArrayEquals(new int[] {1, 0, 0, 0, 0}, o[0]);
        assertArrayEquals(new int[] {0, 0, 1, 0, 0}, o[1]);
        assertArrayEquals(new int[] {0, 0, 0, 1, 0}, o[2]);
        assertArrayEquals(new int[] {0, 1, 0, 0, 0}, o[3]);
        assertArrayEquals(new int[] {0, 0, 0, 0, 1}, o[4]);
        assertEquals(5, e.vertices());
        float[] flat = e.adjacencyFlat();
        assertEquals(49, flat.length);
        assertEquals(1f, flat[3 * 7 + 4]);
        assertEquals(35, e.opsFlat().length);
        assertEquals(1f, e.opsFlat()[4 * 5 + 4]);
    }

    @Test
    void roundTrips() {
        for (CellSpec c : new CellSpec[] {FIVE, SpecCells.INCEPTION,
                CellSpec.of(new int[][] {{0, 1}, {0, 0}}, "input", "output")}) {
            Arch2VecEncoding e = Arch2VecEncoding.encode(c);
            assertEquals(c, e.decode());
            assertEquals(c, Arch2VecEncoding.decode(e.adjacencyFlat(), e.opsFlat()));
            // a 7-vertex cell's encoding is also a valid sample; smaller ones are not (row 6 decodes to input)
            assertEquals(c.vertices() == 7, Arch2VecEncoding.isValidSample(e.adjacencyFlat(), e.opsFlat()));
        }
    }

    @Test
    void everySmallCellRoundTrips() {
        SearchSpace s = SearchSpace.enumerate(5, 2, SearchSpace.Progress.NONE);
        for (CellSpec c : s.cells()) assertEquals(c, Arch2VecEncoding.encode(c).decode());
    }

    @Test
    void encodingPrunesFirst() {
        CellSpec dangling = CellSpec.of(new int[][] {{0, 1, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 0, 0}},
                "input", "conv1x1-bn-relu", "maxpool3x3", "output");
        assertEquals(dangling.pruned(), Arch2VecEncoding.encode(dangling).decode());
        assertEquals(3, Arch2VecEncoding.encode(dangling).vertices());
    }

    @Test
    void invalidEncodingsAreRejectedWithTheRule() {
        int[][] a = Arch2VecEncoding.encode(FIVE).adjacency(), o = Arch2VecEncoding.encode(FIVE).ops();

        int[][] gap = copy(o);
        gap[5] = gap[4];
        gap[4] = new int[5];
        assertRejects(a, gap, "padding must come last");

        int[][] outputMoved = copy(o); // output at row 3, a conv at row 4 = V-1
        outputMoved[3] = o[4];
        outputMoved[4] = o[3];
        assertRejects(a, outputMoved, "the last vertex (4) is conv1x1-bn-relu, not output");

        int[][] twoHot = copy(o);
        twoHot[1][1] = 1;
        assertRejects(a, twoHot, "not one-hot");

        int[][] toPadding = copy(a);
        toPadding[3][5] = 1;
        assertRejects(toPadding, o, "touches padding vertex 5");

        int[][] lower = copy(a);
        lower[3][1] = 1;
        assertRejects(lower, o, "not upper triangular");

        int[][] noInput = copy(o);
        noInput[0] = new int[] {0, 1, 0, 0, 0};
        assertRejects(a, noInput, "not input");

        assertThrows(IllegalArgumentException.class, () -> Arch2VecEncoding.decode(new float[49], new float[34]));
        float[] half = Arch2VecEncoding.encode(FIVE).adjacencyFlat();
        half[1] = 0.5f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arch2VecEncoding.decode(half, Arch2VecEncoding.encode(FIVE).opsFlat()));
        assertTrue(e.getMessage().contains("decodeSample"), e.getMessage());
    }

    @Test
    void samplesAreJudgedAsArch2VecDoes() {
        Arch2VecEncoding inception = Arch2VecEncoding.encode(SpecCells.INCEPTION);
        // probabilities instead of 0/1: thresholded at 0.5 above the diagonal, argmax per op row
        float[] adj = inception.adjacencyFlat(), ops = inception.opsFlat();
        for (int i = 0; i < adj.length; i++) adj[i] = adj[i] == 1f ? 0.9f : 0.2f;
        for (int i = 0; i < ops.length; i++) ops[i] = ops[i] == 1f ? 0.6f : 0.1f;
        adj[3 * 7 + 1] = 0.99f; // below the diagonal: ignored
        assertEquals(SpecCells.INCEPTION, Arch2VecEncoding.decodeSample(adj, ops));
        assertTrue(Arch2VecEncoding.isValidSample(adj, ops));

        // a 5-vertex cell's own encoding is not a valid sample: row 6 is all zero, argmax 0 = input
        Arch2VecEncoding five = Arch2VecEncoding.encode(FIVE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arch2VecEncoding.decodeSample(five.adjacencyFlat(), five.opsFlat()));
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());

        // an interior vertex labelled output is fine when pruning removes it
        int[][] m = new int[7][7];
        m[0][1] = m[1][6] = 1;
        m[0][3] = 1; // vertex 3 dangles
        int[] labels = {0, 2, 0, 4, 0, 0, 4};
        assertEquals(CellSpec.of(new int[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 0}}, "input", "conv3x3-bn-relu", "output"),
                Arch2VecEncoding.validSample(m, labels));
        m[3][6] = 1; // now it is kept
        e = assertThrows(IllegalArgumentException.class, () -> Arch2VecEncoding.validSample(m, labels));
        assertTrue(e.getMessage().contains("interior vertex 3 decodes to output"), e.getMessage());

        // more than 9 edges after pruning
        int[][] dense = new int[7][7];
        for (int i = 0; i < 7; i++) for (int j = i + 1; j < 7; j++) dense[i][j] = 1;
        e = assertThrows(IllegalArgumentException.class, () -> Arch2VecEncoding.validSample(dense, new int[] {0, 1, 1, 1, 1, 1, 4}));
        assertTrue(e.getMessage().contains("21 edges"), e.getMessage());
        assertFalse(Arch2VecEncoding.isValidSample(new float[49], new float[35]));
    }

    private static void assertRejects(int[][] a, int[][] o, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arch2VecEncoding.decode(a, o));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private static int[][] copy(int[][] a) {
        return java.util.Arrays.stream(a).map(int[]::clone).toArray(int[][]::new);
    }
}
