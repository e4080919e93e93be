package ionas.nas.iomodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nas.GoldenValues;
import ionas.nn.Parameter;
import ionas.nn.io.SafeTensors;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The extended model against PyTorch (nas/src/test/python/make_io_model_golden.py): predictions, loss and every gradient. */
class IoModelGoldenTest {
    static final IoModel.Config SMALL = new IoModel.Config(4, 2, 2, 8, 2, 0.5, 16, 9);

    @Test
    void evaluationPassAndGradientsMatchPyTorch() throws Exception {
        Map<String, NDArray> g = SafeTensors.read(Path.of(getClass().getResource("/golden/io_model.safetensors").toURI())).tensors();
        IoModel model = new IoModel(SMALL, new Generator(0), new Generator(1));
        Map<String, NDArray> state = new LinkedHashMap<>();
        g.forEach((k, v) -> {
            if (!k.startsWith("grad.") && !k.startsWith("input_") && !k.equals("targets") && !k.equals("prediction") && !k.endsWith("loss"))
                state.put(k, v);
        });
        model.loadStateDict(state, true);
        model.eval();

        IoModel.Output out = model.forward(g.get("input_ops"), g.get("input_adj"), g.get("input_images"));
        Tensor loss = model.loss(out, g.get("input_ops"), g.get("input_adj"), g.get("targets"), 1.0).total();
        loss.backward();

        assertClose("prediction", g.get("prediction"), out.prediction().data(), 1e-4);
        assertEquals(g.get("loss").item(), loss.item(), 1e-5);
        int checked = 0;
        for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
            NDArray expected = g.get("grad." + p.getKey());
            assertTrue(expected != null, "PyTorch has a gradient for " + p.getKey());
            assertClose("gradient of " + p.getKey(), expected, p.getValue().grad(), 2e-4);
            checked++;
        }
        assertEquals(model.namedParameters().size(), checked);
    }

    @Test
    void paperSizedModelHasThePaperShapes() {
        IoModel m = new IoModel(IoModel.Config.paper(513), new Generator(0), new Generator(1));
        assertEquals(512, m.config().imageVector());
        Tensor v = m.imageVector(Tensor.of(NDArray.zeros(2, 3, 32, 32)));
        assertEquals(2, v.size(0));
        assertEquals(512, v.size(1));
    }

    static void assertClose(String what, NDArray expected, NDArray actual, double tol) {
        GoldenValues.assertClose(what, expected, actual, tol, 1e-6);
    }
}
