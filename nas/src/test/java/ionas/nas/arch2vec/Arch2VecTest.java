package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nn.Init;
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
        Init.manualSeed(3);
        Arch2Vec vae = Arch2Vec.standard(new Generator(4));
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
        Init.manualSeed(5);
        Arch2Vec vae = Arch2Vec.standard(new Generator(6));
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
}
