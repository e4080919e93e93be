package ionas.nas.nb201;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nas.GoldenValues;
import ionas.nn.Parameter;
import ionas.nn.io.SafeTensors;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NAS-Bench-201's network against PyTorch (nas/src/test/python/make_nb201_network_golden.py) and the benchmark's parameter counts. */
class Nb201NetworkGoldenTest {
    static final String SMALL_CELL = "|nor_conv_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|";

    static Map<String, NDArray> golden() throws Exception {
        return SafeTensors.read(Path.of(Nb201NetworkGoldenTest.class.getResource("/golden/nb201_network.safetensors").toURI())).tensors();
    }

    @Test
    void logitsLossAndEveryGradientMatchPyTorch() throws Exception {
        Map<String, NDArray> g = golden();
        Nb201Network net = new Nb201Network(Nb201Cell.parse(SMALL_CELL), 4, 3, 1, 10, new Generator(0));
        Map<String, NDArray> state = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            boolean reference = k.startsWith("grad.") || k.startsWith("params.") || k.startsWith("input_") || k.equals("eval_logits") || k.equals("train_loss");
            if (!reference) state.put(k, v);
        });
        net.loadStateDict(state, true); // strict: every name of PyTorch's network is one of ionas's and back

        net.eval();
        NDArray images = g.get("input_images");
        assertClose("evaluation-mode logits", g.get("eval_logits"), net.forward(Tensor.of(images)).data(), 1e-5);

        net.train(true);
        Tensor loss = Losses.crossEntropy(net.forward(Tensor.of(images)), g.get("input_labels"), Reduction.MEAN);
        loss.backward();
        assertEquals(g.get("train_loss").item(), loss.item(), 1e-5);
        int checked = 0;
        for (Map.Entry<String, Parameter> p : net.namedParameters().entrySet()) {
            NDArray expected = g.get("grad." + p.getKey());
            assertTrue(expected != null, "PyTorch has a gradient for " + p.getKey());
            assertClose("gradient of " + p.getKey(), expected, p.getValue().grad(), 1e-4);
            checked++;
        }
        assertEquals(net.namedParameters().size(), checked);
    }

    /**
     * The benchmark's API reports, for cifar10-valid, 0.073306 M parameters for its smallest network
     * and 1.531546 M for its largest (the all-none and all-3x3 cells); 100 classes add 5,850.
     */
    @Test
    void benchmarkNetworksHaveThePublishedParameterCounts() throws Exception {
        Map<String, NDArray> g = golden();
        assertEquals(1_531_546, count("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", 10));
        assertEquals(73_306, count("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 10));
        assertEquals(1_537_396, count("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", 100));
        long best = count("|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|", 10);
        assertEquals((long) g.get("params.best_cifar10_valid").toDoubleArray()[0], best, "PyTorch's count of the same network");
    }

    private static long count(String arch, int classes) {
        return Nb201Network.benchmark(Nb201Cell.parse(arch), classes, new Generator(0)).parameterCount();
    }

    /**
     * At least 1e-3 as the scale: the last cell's batch-norm biases feed the final batch norm, which
     * removes any per-channel shift, so their true gradient is 0 and both libraries return rounding
     * noise (PyTorch 0, ionas 9e-10).
     */
    static void assertClose(String what, NDArray expected, NDArray actual, double tol) {
        GoldenValues.assertClose(what, expected, actual, tol, 1e-3);
    }
}
