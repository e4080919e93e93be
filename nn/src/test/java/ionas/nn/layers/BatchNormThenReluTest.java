package ionas.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.autograd.Tensor;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNorm#forwardThenRelu} (one fused op) against {@code forward(x).relu()}: the same
 * bits for the output, the gradients and the running statistics, in training and evaluation;
 * and with a hook on the batch norm, the hook sees and may replace batch norm's own output.
 */
class BatchNormThenReluTest {
    private static BatchNorm layer() {
        BatchNorm bn = BatchNorm.batchNorm2d(5);
        bn.weight.data().copy_(NDArray.of(new float[] {1.5f, -0.7f, 0.3f, 2f, -1f}, 5));
        bn.bias.data().copy_(NDArray.of(new float[] {0.1f, 0.4f, -0.2f, 0f, 0.5f}, 5));
        return bn;
    }

    /** Output, d/dx, d/dweight, d/dbias, running mean and variance after two training steps and one evaluation. */
    private static List<float[]> run(boolean fused) {
        BatchNorm bn = layer();
        List<float[]> out = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            if (step == 2) bn.eval();
            Tensor x = Tensor.of(NDArray.randn(new Generator(10 + step), 3, 5, 7, 3).mul(2).add(0.2)).requiresGrad(true);
            Tensor y = fused ? bn.forwardThenRelu(x) : bn.forward(x).relu();
            y.mul(Tensor.of(NDArray.randn(new Generator(20 + step), 3, 5, 7, 3))).sum().backward();
            out.add(y.toFloatArray());
            out.add(x.grad().toFloatArray());
            out.add(bn.weight.grad().toFloatArray());
            out.add(bn.bias.grad().toFloatArray());
            out.add(bn.runningMean().toFloatArray());
            out.add(bn.runningVar().toFloatArray());
            bn.weight.zeroGrad();
            bn.bias.zeroGrad();
        }
        return out;
    }

    @Test
    void fusedIsForwardThenReluBitForBit() {
        List<float[]> want = run(false), got = run(true);
        for (int k = 0; k < want.size(); k++) {
            float[] w = want.get(k), g = got.get(k);
            assertEquals(w.length, g.length);
            for (int i = 0; i < w.length; i++)
                assertEquals(Float.floatToIntBits(w[i]), Float.floatToIntBits(g[i]), "result " + k + " [" + i + "]");
        }
    }

    @Test
    void aHookSeesBatchNormsOwnOutputAndMayReplaceIt() {
        BatchNorm bn = layer();
        Tensor x = Tensor.of(NDArray.randn(new Generator(1), 2, 5, 3, 3));
        List<float[]> seen = new ArrayList<>();
        try (var watch = bn.addHook((l, in, forward) -> {
            Tensor y = forward.apply(in);
            seen.add(y.toFloatArray());
            return y;
        })) {
            float[] y = bn.forwardThenRelu(x).toFloatArray();
            float[] normalised = seen.get(0);
            boolean negative = false;
            for (int i = 0; i < y.length; i++) {
                assertEquals(Math.max(normalised[i], 0f), y[i], 0f, "relu of what the hook saw at " + i);
                negative |= normalised[i] < 0;
            }
            assertEquals(true, negative, "the hook saw the values before the ReLU");
        }
        try (var skip = bn.addHook((l, in, forward) -> in)) { // SynFlow's network without batch norms
            assertArrayEquals(x.relu().toFloatArray(), bn.forwardThenRelu(x).toFloatArray(), 0f);
        }
    }
}
