package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Encoding;
import ionas.tensor.Generator;
import ionas.nas.nb101.space.Nb101Space;
import ionas.tensor.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeFeaturesTest {
    @Test
    void positionalFeaturesAreTheOpsFollowedByTheVertexIndex() {
        Arch2VecDataset data = Arch2VecDataset.of(new Nb101Space(SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE)));
        NDArray[] x = data.batch(new int[] {5, 9}, 0, 2);
        NDArray ops = x[0], adj = x[1];
        assertSame(ops, NodeFeatures.ARCH2VEC.of(ops, adj));
        NDArray f = NodeFeatures.POSITIONAL.of(ops, adj);
        assertArrayEquals(new int[] {2, 7, 12}, f.shape());
        float[] o = ops.toFloatArray(), v = f.toFloatArray();
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 7; i++)
                for (int k = 0; k < 12; k++)
                    assertEquals(k < 5 ? o[(b * 7 + i) * 5 + k] : k - 5 == i ? 1f : 0f, v[(b * 7 + i) * 12 + k], "cell " + b + " vertex " + i + " feature " + k);
        assertEquals(NodeFeatures.POSITIONAL, NodeFeatures.of("positional"));
        var e = assertThrows(IllegalArgumentException.class, () -> NodeFeatures.of("random"));
        assertTrue(e.getMessage().contains("expected arch2vec, positional or ties"), e.getMessage());
    }

    /**
     * Hand-made cells with known colour classes after four rounds of refinement: the index one-hot
     * goes to the tied vertices only (twins and padding), and every other vertex keeps its op alone.
     */
    @Test
    void tieBreakingFeaturesMarkOnlyVerticesThatColourRefinementCannotTellApart() {
        String in = "input", out = "output", c3 = "conv3x3-bn-relu", c1 = "conv1x1-bn-relu";
        // input -> two conv3x3 side by side -> conv1x1 -> output: vertices 1 and 2 are twins; 5 and 6 are padding
        CellSpec twins = CellSpec.of(new int[][] {{0, 1, 1, 0, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1}, {0, 0, 0, 0, 0}}, in, c3, c3, c1, out);
        // input -> conv3x3 -> conv3x3 -> conv1x1 -> ... a chain of seven distinct places: no ties at all
        CellSpec chain = CellSpec.of(new int[][] {
            {0, 1, 0, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0, 0}, {0, 0, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 0, 1, 0},
            {0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0}}, in, c3, c3, c3, c3, c3, out);
        // input -> conv3x3 -> conv3x3 -> output, with a skip input -> output: the two convs differ only in their neighbours' colours, which refinement sees
        CellSpec skip = CellSpec.of(new int[][] {{0, 1, 0, 1}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 0}}, in, c3, c3, out);
        Arch2VecDataset data = Arch2VecDataset.of(List.of(twins, chain, skip), Nb101Encoding.INSTANCE);
        NDArray[] x = data.batch(new int[] {0, 1, 2}, 0, 3);
        NDArray f = NodeFeatures.TIES.of(x[0], Arch2Vec.symmetrise(x[1]));
        assertArrayEquals(new int[] {3, 7, 12}, f.shape());
        int[][] tied = {{1, 2, 5, 6}, {}, {4, 5, 6}};
        float[] o = x[0].toFloatArray(), v = f.toFloatArray();
        for (int b = 0; b < 3; b++)
            for (int i = 0; i < 7; i++) {
                final int vertex = i;
                boolean isTied = java.util.Arrays.stream(tied[b]).anyMatch(t -> t == vertex);
                for (int k = 0; k < 12; k++)
                    assertEquals(k < 5 ? o[(b * 7 + i) * 5 + k] : isTied && k - 5 == i ? 1f : 0f, v[(b * 7 + i) * 12 + k],
                            "cell " + b + " vertex " + i + " feature " + k);
            }
        // the one-sided adjacency gives the same features: refinement runs on the undirected graph
        assertArrayEquals(v, NodeFeatures.TIES.of(x[0], x[1]).toFloatArray(), 0f);
        assertEquals(NodeFeatures.TIES, NodeFeatures.of("ties"));
        var e = assertThrows(IllegalArgumentException.class, () -> NodeFeatures.TIES.of(x[0], x[1].reshape(3, 49)));
        assertTrue(e.getMessage().contains("expected ops (batch, 7, 5) and adjacency (batch, 7, 7)"), e.getMessage());
    }

    /** The tie-breaking encoder's model: per-vertex mu and log-sigma of arch2vec's shape, and a decoder of arch2vec's. */
    @Test
    void theTieBreakingModelHasArch2vecsShapes() {
        Arch2VecDataset data = Arch2VecDataset.of(new Nb101Space(SearchSpace.enumerate(5, 1, SearchSpace.Progress.NONE)));
        NDArray[] x = data.batch(new int[] {3, 100, 2000}, 0, 3);
        Arch2Vec model = Arch2Vec.standard(new Generator(1), new Generator(1), Arch2Vec.Variant.CODE, NodeFeatures.TIES);
        model.eval();
        try (var s = Autograd.noGrad()) {
            Arch2Vec.Encoding e = model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1])));
            assertArrayEquals(new int[] {3, 7, Arch2Vec.LATENT}, e.mu().shape());
            assertArrayEquals(new int[] {3, 7, Arch2Vec.LATENT}, e.logSigma().shape());
            Arch2Vec.Reconstruction r = model.decode(e.mu());
            assertArrayEquals(new int[] {3, 7, 5}, r.ops().shape());
            assertArrayEquals(new int[] {3, 7, 7}, r.adjacency().shape());
        }
        assertEquals(12, NodeFeatures.TIES.width(Arch2VecEncoding.LAYOUT), "the first GIN layer takes the op and the index one-hots");
    }

    /** A checkpoint says which encoder made it, so that loading it builds the right model (the first GIN layer's width differs). */
    @Test
    void aCheckpointLoadsIntoAModelWithItsEncoder(@TempDir Path dir) throws IOException {
        Arch2VecDataset data = Arch2VecDataset.of(new Nb101Space(SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE)));
        var config = Arch2VecTrainer.Config.paper().withEpochs(1).withLimit(40).withSamples(20);
        var r = new Arch2VecTrainer(config, data, dir, new PrintStream(new ByteArrayOutputStream())).features(NodeFeatures.POSITIONAL).train();
        Arch2VecTrainer.Trained t = Arch2VecTrainer.load(dir.resolve(Arch2VecTrainer.CHECKPOINT));
        assertEquals(NodeFeatures.POSITIONAL, t.model().features());
        assertEquals("1", t.metadata().get("epochs_done"));
        var expected = r.model().stateDict();
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k).toFloatArray(), t.model().stateDict().get(k).toFloatArray(), 0f, k);
        var wrong = assertThrows(IOException.class,
                () -> new Arch2VecTrainer(config.withEpochs(2), data, dir, new PrintStream(new ByteArrayOutputStream())).train());
        assertTrue(wrong.getMessage().contains("encoder positional (this run: arch2vec)"), wrong.getMessage());
    }
}
