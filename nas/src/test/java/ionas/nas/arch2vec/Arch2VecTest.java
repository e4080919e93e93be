package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nn.Parameter;
import ionas.nn.optim.Adam;
import ionas.nn.optim.GradClip;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import org.junit.jupiter.api.Test;

class Arch2VecTest {
    /** Two cells: input -> conv3x3 -> output, and input -> {conv1x1, maxpool} -> output, padded to 7. */
    private static NDArray[] batch() {
        float[] ops = new float[2 * 7 * 5], adj = new float[2 * 49];
        int[][] opIdx = {{0, 2, 4}, {0, 1, 3, 4}}; // arch2vec vocabulary: input, conv1x1, conv3x3, maxpool, output
        int[][][] edges = {{{0, 1}, {1, 2}}, {{0, 1}, {0, 2}, {1, 3}, {2, 3}}};
        for (int b = 0; b < 2; b++) {
            for (int v = 0; v < opIdx[b].length; v++) ops[(b * 7 + v) * 5 + opIdx[b][v]] = 1;
            for (int[] e : edges[b]) adj[b * 49 + e[0] * 7 + e[1]] = 1;
        }
        return new NDArray[] {NDArray.of(ops, 2, 7, 5), NDArray.of(adj, 2, 7, 7)};
    }

    @Test
    void encoderAndDecoderShapes() {
        Arch2Vec vae = Arch2Vec.standard(new Generator(3), new Generator(4));
        NDArray[] b = batch();
        Arch2Vec.Encoding e = vae.encode(Tensor.of(b[0]), Tensor.of(Arch2Vec.symmetrise(b[1])));
        assertArrayEquals(new int[] {2, 7, 16}, e.mu().shape());
        Arch2Vec.Reconstruction r = vae.decode(vae.sample(e));
        assertArrayEquals(new int[] {2, 7, 5}, r.ops().shape());
        assertArrayEquals(new int[] {2, 7, 7}, r.adjacency().shape());
        vae.eval();
        assertEquals(e.mu().data().toFloatArray().length, vae.sample(e).numel());
        assertArrayEquals(e.mu().toFloatArray(), vae.sample(e).toFloatArray(), "evaluation uses z = mu");
    }

    /** The masked lower triangle holds exact zeros: BCE's gradient there must stay finite. */
    @Test
    void gradientsAreFiniteAndTrainingReducesTheLoss() {
        Arch2Vec vae = Arch2Vec.standard(new Generator(5), new Generator(6));
        Adam adam = new Adam(vae.parameters(), 1e-3);
        NDArray[] b = batch();
        double first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            adam.zeroGrad();
            Tensor loss = vae.trainingLoss(b[0], b[1]);
            loss.backward();
            for (Parameter p : vae.parameters()) {
                if (p.grad() == null) continue;
                for (float g : p.grad().toFloatArray()) assertTrue(Float.isFinite(g), "non-finite gradient at step " + step);
            }
            GradClip.clipGradNorm(vae.parameters(), 5);
            adam.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.8 * first, "loss went from " + first + " to " + last);
    }

    /** The paper's variant: op probabilities are a softmax per node, and the KL term is not divided again by B*7. */
    @Test
    void paperVariantUsesSoftmaxOpsAndThePlainKl() {
        Generator init = new Generator(7);
        Arch2Vec paper = Arch2Vec.standard(init, new Generator(1), Arch2Vec.Variant.PAPER), code = Arch2Vec.standard(init, new Generator(1));
        NDArray[] b = batch();
        paper.eval();
        Arch2Vec.Encoding e = paper.encode(Tensor.of(b[0]), Tensor.of(Arch2Vec.symmetrise(b[1])));
        float[] ops = paper.decode(e.mu()).ops().toFloatArray();
        for (int node = 0; node < 14; node++) {
            double sum = 0;
            for (int k = 0; k < 5; k++) sum += ops[node * 5 + k];
            assertEquals(1, sum, 1e-5, "node " + node);
        }
        // the same reconstruction judged by both losses: they differ only in the KL weight
        Arch2Vec.Reconstruction r = paper.decode(e.mu());
        double kl = 0;
        float[] mu = e.mu().toFloatArray(), s = e.logSigma().toFloatArray();
        for (int i = 0; i < mu.length; i++) kl += 1 + 2 * s[i] - mu[i] * mu[i] - Math.exp(2 * s[i]);
        kl = -0.5 * kl / 14; // the mean over 2 cells x 7 nodes of the sum over dimensions
        double diff = code.loss(r, e, b[0], b[1]).item() - paper.loss(r, e, b[0], b[1]).item();
        assertEquals(kl / 14 - kl, diff, 1e-5 * Math.abs(kl));
        assertEquals("paper", Arch2Vec.Variant.of("paper").toString());
    }

    @Test
    void sumPoolingIsSevenTimesTheMean() {
        Arch2Vec vae = Arch2Vec.standard(new Generator(2), new Generator(3));
        var space = ionas.nas.nb101.SearchSpace.enumerate(3, 1, ionas.nas.nb101.SearchSpace.Progress.NONE);
        Arch2VecDataset data = Arch2VecDataset.of(new ionas.nas.nb101.space.Nb101Space(space));
        float[] mean = Arch2VecEmbeddings.compute(vae, data, space.hashes()).embeddings();
        float[] sum = Arch2VecEmbeddings.compute(vae, data, space.hashes(), Arch2VecEmbeddings.Pooling.SUM, ionas.nas.Progress.NONE).embeddings();
        for (int i = 0; i < mean.length; i++) assertEquals(7 * mean[i], sum[i], 1e-5 * Math.max(1, Math.abs(sum[i])));
    }
}
