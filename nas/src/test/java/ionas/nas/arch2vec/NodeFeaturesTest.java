package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Space;
import ionas.tensor.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeFeaturesTest {
    @Test
    void positionalFeaturesAreTheOpsFollowedByTheVertexIndex() {
        Arch2VecDataset data = Arch2VecDataset.of(new Nb101Space(SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE)));
        NDArray ops = data.batch(new int[] {5, 9}, 0, 2)[0];
        assertSame(ops, NodeFeatures.ARCH2VEC.of(ops));
        NDArray f = NodeFeatures.POSITIONAL.of(ops);
        assertArrayEquals(new int[] {2, 7, 12}, f.shape());
        float[] o = ops.toFloatArray(), v = f.toFloatArray();
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 7; i++)
                for (int k = 0; k < 12; k++)
                    assertEquals(k < 5 ? o[(b * 7 + i) * 5 + k] : k - 5 == i ? 1f : 0f, v[(b * 7 + i) * 12 + k], "cell " + b + " vertex " + i + " feature " + k);
        assertEquals(NodeFeatures.POSITIONAL, NodeFeatures.of("positional"));
        var e = assertThrows(IllegalArgumentException.class, () -> NodeFeatures.of("random"));
        assertTrue(e.getMessage().contains("expected arch2vec or positional"), e.getMessage());
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
