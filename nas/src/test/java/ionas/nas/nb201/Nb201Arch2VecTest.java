package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecEmbeddings;
import ionas.nas.arch2vec.Arch2VecMetrics;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.arch2vec.DecoderInput;
import ionas.nas.arch2vec.NodeFeatures;
import ionas.nas.space.DecodedGraph;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** arch2vec sized by NAS-Bench-201's layout (8 vertices, 7 labels) and judged by its rule. */
class Nb201Arch2VecTest {
    private static final int N = Nb201GraphEncoding.VERTICES, K = Nb201GraphEncoding.LABELS;

    /** One decoded sample: the fixed adjacency as probabilities 0.9/0.1, and op scores peaking at {@code labels}. */
    private static void sample(float[] ops, float[] adj, int s, int[] labels, boolean extraEdge) {
        int[][] a = Nb201GraphEncoding.adjacency();
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) adj[s * N * N + i * N + j] = a[i][j] == 1 ? 0.9f : 0.1f;
        if (extraEdge) adj[s * N * N + 1 * N + 2] = 0.8f; // not in the fixed graph: arch2vec's rule does not look
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < K; k++) ops[s * N * K + i * K + k] = 0.05f;
            ops[s * N * K + i * K + labels[i]] = 0.6f;
        }
    }

    @Test
    void validityIsArch2VecsRuleAndUniquenessCountsDistinctCells() {
        int[] cell = {0, 1, 2, 3, 4, 5, 1, 6};         // a cell
        int[] inputOnVertex1 = {0, 0, 2, 3, 4, 5, 1, 6}; // no cell, but arch2vec's rule skips vertex 1
        int[] outputOnVertex3 = {0, 1, 2, 6, 4, 5, 1, 6};
        int[] noInput = {1, 1, 2, 3, 4, 5, 1, 6};
        int[] noOutput = {0, 1, 2, 3, 4, 5, 1, 5};
        int[][] samples = {cell, cell, inputOnVertex1, outputOnVertex3, noInput, noOutput, inputOnVertex1};
        float[] ops = new float[samples.length * N * K], adj = new float[samples.length * N * N];
        for (int s = 0; s < samples.length; s++) sample(ops, adj, s, samples[s], s == 1);
        Arch2VecMetrics.Samples m = Arch2VecMetrics.samples(Nb201GraphEncoding.INSTANCE, ops, adj, samples.length);
        assertEquals(4, m.valid()); // the cell twice, input on vertex 1 twice
        assertEquals(2, m.distinct()); // the same labels with another decoded edge are the same cell
        assertEquals(3, m.distinctGraphs()); // but another graph to arch2vec's fingerprint
        assertEquals(4 / 7.0, m.validity(), 1e-12);
        assertEquals(0.5, m.uniqueness(), 1e-8);

        float[] one = new float[N * N], oneOps = new float[N * K];
        sample(oneOps, one, 0, cell, false);
        String key = Nb201GraphEncoding.INSTANCE.validKey(DecodedGraph.of(Nb201GraphEncoding.LAYOUT, one, oneOps));
        assertEquals("|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|", key);
        sample(oneOps, one, 0, noOutput, false);
        assertNull(Nb201GraphEncoding.INSTANCE.validKey(DecodedGraph.of(Nb201GraphEncoding.LAYOUT, one, oneOps)));
    }

    @Test
    void theModelIsSizedByTheLayoutAndItsKlTermDividesByEightNodes() {
        List<Nb201Cell> cells = Nb201Space.INSTANCE.cells().subList(100, 104);
        Arch2VecDataset data = Arch2VecDataset.of(cells, Nb201GraphEncoding.INSTANCE);
        Arch2Vec model = Arch2Vec.standard(data.layout(), new Generator(5), new Generator(6), Arch2Vec.Variant.CODE, NodeFeatures.ARCH2VEC,
                DecoderInput.ARCH2VEC);
        model.eval(); // z = mu, no dropout: the loss below is a function of the weights only
        NDArray[] x = data.batch(new int[] {0, 1, 2, 3}, 0, 4);
        try (var scope = Autograd.noGrad()) {
            Arch2Vec.Encoding e = model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1])));
            Arch2Vec.Reconstruction r = model.decode(model.sample(e));
            assertArrayEquals(new int[] {4, N, K}, r.ops().shape());
            assertArrayEquals(new int[] {4, N, N}, r.adjacency().shape());
            assertArrayEquals(new int[] {4, N, Arch2Vec.LATENT}, e.mu().shape());
            double loss = model.loss(r, e, x[0], x[1]).item();
            float[] o = r.ops().toFloatArray(), a = r.adjacency().toFloatArray(), to = x[0].toFloatArray(), ta = x[1].toFloatArray();
            float[] mu = e.mu().toFloatArray(), s = e.logSigma().toFloatArray();
            double bceOps = 0, bceAdj = 0, kl = 0;
            for (int i = 0; i < o.length; i++) bceOps += bce(o[i], to[i]);
            for (int b = 0; b < 4; b++)
                for (int i = 0; i < N; i++)
                    for (int j = 0; j < N; j++) {
                        int k = b * N * N + i * N + j;
                        bceAdj += bce(j > i ? a[k] : 0, ta[k]);
                    }
            for (int i = 0; i < mu.length; i++) kl += 1 + 2 * s[i] - mu[i] * mu[i] - Math.exp(2 * s[i]);
            double expected = bceOps / o.length + bceAdj / a.length - 0.5 / (4 * N) * (kl / (4 * N));
            assertEquals(expected, loss, 1e-5);
        }
    }

    /** PyTorch's BCELoss term, with its log clamped at -100. */
    private static double bce(double p, double t) {
        return -(t * Math.max(Math.log(p), -100) + (1 - t) * Math.max(Math.log(1 - p), -100));
    }

    @Test
    void trainsOnATinySetAndItsCheckpointLoadsInTheSameLayout(@TempDir Path dir) throws IOException {
        Arch2VecDataset data = Arch2VecDataset.of(Nb201Space.INSTANCE.cells().subList(0, 80), Nb201GraphEncoding.INSTANCE);
        Arch2VecTrainer.Config config = Arch2VecTrainer.Config.paperNb201().withEpochs(2).withSamples(50);
        Arch2VecTrainer.Result result = new Arch2VecTrainer(config, data, dir, new PrintStream(new ByteArrayOutputStream())).train();
        assertEquals(2, result.epochs().size());
        assertEquals(Nb201GraphEncoding.LAYOUT, result.model().layout());
        Arch2VecTrainer.Trained loaded = Arch2VecTrainer.load(dir.resolve(Arch2VecTrainer.CHECKPOINT));
        assertEquals(Nb201GraphEncoding.LAYOUT, loaded.model().layout());
        List<String> keys = Nb201Space.INSTANCE.keys().subList(0, 80);
        Arch2VecEmbeddings trained = Arch2VecEmbeddings.compute(result.model(), data, keys);
        Arch2VecEmbeddings reloaded = Arch2VecEmbeddings.compute(loaded.model(), data, keys);
        assertArrayEquals(trained.embeddings(), reloaded.embeddings());
        // the architecture strings are not 32-character hashes: the file lists them by line
        Path file = dir.resolve("embeddings.safetensors");
        trained.write(file);
        Arch2VecEmbeddings read = Arch2VecEmbeddings.read(file);
        assertEquals(keys, read.hashes());
        assertArrayEquals(trained.embeddings(), read.embeddings());
        // a model of another layout is not judged by this space's rule
        Arch2Vec nb101 = Arch2Vec.standard(new Generator(0), new Generator(0));
        assertThrows(IllegalArgumentException.class, () -> Arch2VecTrainer.samples(nb101, Nb201GraphEncoding.INSTANCE, new Generator(1), 5,
                new float[7 * Arch2Vec.LATENT], new float[7 * Arch2Vec.LATENT]));
    }
}
