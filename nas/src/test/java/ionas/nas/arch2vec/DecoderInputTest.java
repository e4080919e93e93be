package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Space;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecoderInputTest {
    /** Every vertex gets the same z: arch2vec's decoder decodes every row alike, the positional one tells the rows apart by their index. */
    @Test
    void thePositionalDecoderDecodesEqualLatentsAtDifferentIndicesApart() {
        float[] z = new float[Arch2VecEncoding.NODES * Arch2Vec.LATENT];
        for (int i = 0; i < z.length; i++) z[i] = (float) Math.sin(i % Arch2Vec.LATENT);
        NDArray same = NDArray.of(z, 1, Arch2VecEncoding.NODES, Arch2Vec.LATENT);
        float[] plain = ops(Arch2Vec.standard(new Generator(1), new Generator(1)), same);
        for (int row = 1; row < Arch2VecEncoding.NODES; row++)
            assertArrayEquals(Arrays.copyOfRange(plain, 0, 5), Arrays.copyOfRange(plain, row * 5, row * 5 + 5), 0f);

        Arch2Vec positional = Arch2Vec.standard(new Generator(1), new Generator(1), Arch2Vec.Variant.CODE, NodeFeatures.ARCH2VEC, DecoderInput.POSITIONAL);
        assertEquals(DecoderInput.POSITIONAL, positional.decoder());
        var p = positional.namedParameters().get("decoder_positions");
        assertArrayEquals(new int[] {Arch2VecEncoding.NODES, Arch2Vec.LATENT}, p.data().shape());
        assertArrayEquals(plain, ops(positional, same), 0f, "it starts at zero: the same decoding as arch2vec's, the same initial weights");
        p.setData(NDArray.random(new Generator(3), true, p.data().dtype(), p.data().device(), Arch2VecEncoding.NODES, Arch2Vec.LATENT));
        float[] moved = ops(positional, same);
        assertTrue(!Arrays.equals(Arrays.copyOfRange(moved, 0, 5), Arrays.copyOfRange(moved, 5, 10)), "rows 0 and 1 decode apart");
    }

    /**
     * The positional op decoder adds its score per index and op before the sigmoid, exactly, and
     * leaves the adjacency arch2vec's: op probabilities against sigmoid(logit(arch2vec's) + bias).
     */
    @Test
    void thePositionalOpDecoderAddsAScorePerIndexAndOpAndLeavesTheEdgesAlone() {
        NDArray z = NDArray.random(new Generator(5), true, ionas.tensor.DType.FLOAT32, ionas.tensor.Device.CPU, 2, Arch2VecEncoding.NODES, Arch2Vec.LATENT);
        Arch2Vec plain = Arch2Vec.standard(new Generator(1), new Generator(1));
        Arch2Vec indexed = Arch2Vec.standard(new Generator(1), new Generator(1), Arch2Vec.Variant.CODE, NodeFeatures.ARCH2VEC, DecoderInput.POSITIONAL_OPS);
        assertEquals(DecoderInput.POSITIONAL_OPS, indexed.decoder());
        var bias = indexed.namedParameters().get("decoder_op_positions");
        assertArrayEquals(new int[] {Arch2VecEncoding.NODES, Arch2VecEncoding.OP_COUNT}, bias.data().shape());
        float[] b = new float[Arch2VecEncoding.NODES * Arch2VecEncoding.OP_COUNT];
        for (int i = 0; i < b.length; i++) b[i] = (i % 7) - 3f;
        bias.setData(NDArray.of(b, Arch2VecEncoding.NODES, Arch2VecEncoding.OP_COUNT));
        float[] expected = ops(plain, z), got = ops(indexed, z);
        for (int c = 0; c < 2; c++)
            for (int k = 0; k < b.length; k++) {
                double p = expected[c * b.length + k], logit = Math.log(p / (1 - p));
                assertEquals(1 / (1 + Math.exp(-(logit + b[k]))), got[c * b.length + k], 1e-5, "cell " + c + " entry " + k);
            }
        try (var s = Autograd.noGrad()) {
            assertArrayEquals(plain.decode(Tensor.of(z)).adjacency().toFloatArray(), indexed.decode(Tensor.of(z)).adjacency().toFloatArray(), 0f);
        }
        assertEquals(DecoderInput.POSITIONAL_OPS, DecoderInput.of("positional-ops"));
        assertEquals("positional-ops", DecoderInput.POSITIONAL_OPS.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> DecoderInput.of("positional_ops"));
        assertTrue(e.getMessage().contains("expected arch2vec, positional or positional-ops"), e.getMessage());
    }

    private static float[] ops(Arch2Vec model, NDArray z) {
        model.eval();
        try (var s = Autograd.noGrad()) {
            return model.decode(Tensor.of(z)).ops().toFloatArray();
        }
    }

    @Test
    void aCheckpointRecordsItsDecoderAndAResumeWithAnotherIsRefused(@TempDir Path dir) throws IOException {
        Arch2VecDataset data = Arch2VecDataset.of(new Nb101Space(SearchSpace.enumerate(4, 1, SearchSpace.Progress.NONE)));
        var config = Arch2VecTrainer.Config.paper().withEpochs(2).withLimit(40).withSamples(20);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        new Arch2VecTrainer(config, data, dir, quiet).decoder(DecoderInput.POSITIONAL).train(1);
        Arch2VecTrainer.Trained t = Arch2VecTrainer.load(dir.resolve(Arch2VecTrainer.CHECKPOINT));
        assertEquals(DecoderInput.POSITIONAL, t.model().decoder());
        assertEquals(NodeFeatures.ARCH2VEC, t.model().features());
        var e = assertThrows(IOException.class, () -> new Arch2VecTrainer(config, data, dir, quiet).train());
        assertTrue(e.getMessage().contains("decoder positional (this run: arch2vec)"), e.getMessage());
        assertEquals(DecoderInput.POSITIONAL, DecoderInput.of("positional"));
        assertThrows(IllegalArgumentException.class, () -> DecoderInput.of("indexed"));
    }
}
