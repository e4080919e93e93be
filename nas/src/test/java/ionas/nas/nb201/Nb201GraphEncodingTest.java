package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.space.EncodedGraph;
import org.junit.jupiter.api.Test;

class Nb201GraphEncodingTest {
    /** The matrix arch2vec's preprocessing/nasbench201_json.py writes for every cell. */
    static final int[][] ARCH2VEC_ADJACENCY = {
        {0, 1, 1, 0, 1, 0, 0, 0},
        {0, 0, 0, 1, 0, 1, 0, 0},
        {0, 0, 0, 0, 0, 0, 1, 0},
        {0, 0, 0, 0, 0, 0, 1, 0},
        {0, 0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0, 1},
        {0, 0, 0, 0, 0, 0, 0, 0}};

    @Test
    void adjacencyIsArch2VecsFixedMatrix() {
        assertArrayEquals(ARCH2VEC_ADJACENCY, Nb201GraphEncoding.adjacency());
    }

    @Test
    void labelsUseArch2VecsOrderNotTheBenchmarks() {
        // arch2vec: input 0, nor_conv_1x1 1, nor_conv_3x3 2, avg_pool_3x3 3, skip_connect 4, none 5, output 6
        Nb201Cell c = Nb201Cell.parse("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_3x3~0|none~1|skip_connect~2|");
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5, 4, 6}, Nb201GraphEncoding.labels(c));
        EncodedGraph g = Nb201GraphEncoding.INSTANCE.encode(c);
        float[] ops = g.ops();
        int labels = Nb201GraphEncoding.LABELS;
        assertEquals(Nb201GraphEncoding.VERTICES * labels, ops.length);
        for (int v = 0; v < Nb201GraphEncoding.VERTICES; v++) {
            float sum = 0;
            for (int k = 0; k < labels; k++) sum += ops[v * labels + k];
            assertEquals(1f, sum, "one-hot row " + v);
            assertEquals(1f, ops[v * labels + Nb201GraphEncoding.labels(c)[v]]);
        }
        float[] adjacency = g.adjacency();
        for (int u = 0; u < Nb201GraphEncoding.VERTICES; u++)
            for (int v = 0; v < Nb201GraphEncoding.VERTICES; v++)
                assertEquals(ARCH2VEC_ADJACENCY[u][v], adjacency[u * Nb201GraphEncoding.VERTICES + v], "adjacency " + u + "," + v);
    }

    @Test
    void decodeInvertsLabelsForEveryCell() {
        for (int n = 0; n < Nb201Cell.SPACE_SIZE; n++) {
            Nb201Cell c = Nb201Cell.ofOrdinal(n);
            assertEquals(c, Nb201GraphEncoding.decode(Nb201GraphEncoding.labels(c)));
        }
    }

    @Test
    void arch2vecsValidityLeavesVertexOneUncheckedWhileDecodeDoesNot() {
        int[] labels = {0, 6, 1, 1, 1, 1, 1, 6}; // vertex 1 labelled "output"
        assertTrue(Nb201GraphEncoding.validAsArch2Vec(labels), "is_valid_nasbench201 checks vertices 2..6 only");
        assertNull(Nb201GraphEncoding.decode(labels));
        assertFalse(Nb201GraphEncoding.validAsArch2Vec(new int[] {0, 1, 1, 0, 1, 1, 1, 6}), "an input label on vertex 3");
        assertFalse(Nb201GraphEncoding.validAsArch2Vec(new int[] {1, 1, 1, 1, 1, 1, 1, 6}), "no input first");
    }
}
