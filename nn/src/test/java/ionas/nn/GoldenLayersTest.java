package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.Golden.Tolerance;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.GINLayer;
import ionas.nn.layers.LSTMCell;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.tensor.Generator;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;

/**
 * Every layer against PyTorch (fixtures from make_golden.py): the same weights, loaded strictly
 * from the fixture, the same input, loss = sum((out * gradOut).sum()) with the fixture's random
 * upstream gradients; then the outputs, the input gradients, every parameter's gradient and the
 * updated batch-norm statistics must equal PyTorch's within 1e-5 relative, on every device.
 */
class GoldenLayersTest {
    @AfterAll
    static void report() {
        Golden.Stats.report();
    }

    // ---------------------------------------------------------------- the cases

    @OnEachDevice void linearBias(TestDevice d)       { layer(d, "linear_bias", new Linear(5, 3, new Generator(0))); }
    @OnEachDevice void linearNoBias(TestDevice d)     { layer(d, "linear_nobias", new Linear(5, 3, false, new Generator(0))); }
    @OnEachDevice void linear3d(TestDevice d)         { layer(d, "linear_3d", new Linear(5, 3, new Generator(0))); }

    @OnEachDevice void conv2dStride2Pad1Bias(TestDevice d)   { layer(d, "conv2d_s2p1_bias", new Conv2d(3, 4, 3, 2, 1, true, new Generator(0))); }
    @OnEachDevice void conv2dStride2Pad1NoBias(TestDevice d) { layer(d, "conv2d_s2p1_nobias", new Conv2d(3, 4, 3, 2, 1, false, new Generator(0))); }
    @OnEachDevice void conv2dStride1Pad1NoBias(TestDevice d) { layer(d, "conv2d_s1p1_nobias", new Conv2d(3, 4, 3, 1, 1, false, new Generator(0))); }
    @OnEachDevice void conv2dKernel1Bias(TestDevice d)       { layer(d, "conv2d_k1_bias", new Conv2d(4, 3, 1, 1, 0, true, new Generator(0))); }

    @OnEachDevice void batchNorm1dNCTrain(TestDevice d)  { layer(d, "bn1d_nc_train", BatchNorm.batchNorm1d(4)); }
    @OnEachDevice void batchNorm1dNCLTrain(TestDevice d) { layer(d, "bn1d_ncl_train", BatchNorm.batchNorm1d(4)); }
    @OnEachDevice void batchNorm1dNCEval(TestDevice d)   { layer(d, "bn1d_nc_eval", BatchNorm.batchNorm1d(4)); }
    @OnEachDevice void batchNorm2dTrain(TestDevice d)    { layer(d, "bn2d_train", BatchNorm.batchNorm2d(3)); }
    @OnEachDevice void batchNorm2dEval(TestDevice d)     { layer(d, "bn2d_eval", BatchNorm.batchNorm2d(3)); }

    @OnEachDevice void relu(TestDevice d)    { layer(d, "relu", Activation.relu()); }
    @OnEachDevice void sigmoid(TestDevice d) { layer(d, "sigmoid", Activation.sigmoid()); }
    @OnEachDevice void tanh(TestDevice d)    { layer(d, "tanh", Activation.tanh()); }

    @OnEachDevice void maxPool3Stride1Pad1(TestDevice d)    { layer(d, "maxpool_k3s1p1", Pooling.maxPool2d(3, 1, 1)); }
    @OnEachDevice void maxPool2Stride2(TestDevice d)        { layer(d, "maxpool_k2s2p0", Pooling.maxPool2d(2, 2, 0)); }
    @OnEachDevice void maxPool2Stride2OddSize(TestDevice d) { layer(d, "maxpool_k2s2p0_odd", Pooling.maxPool2d(2, 2, 0)); }
    @OnEachDevice void globalAvgPool(TestDevice d)          { layer(d, "global_avg_pool", Pooling.globalAvgPool()); }
    @OnEachDevice void flatten(TestDevice d)                { layer(d, "flatten", Pooling.flatten()); }

    @OnEachDevice
    void lstmCellOneStep(TestDevice d) {
        LSTMCell cell = new LSTMCell(5, 4, new Generator(0));
        run(d, "lstm_cell_one_step", cell, in -> {
            LSTMCell.State s = cell.forward(in.get("x"), new LSTMCell.State(in.get("h0"), in.get("c0")));
            return outputs("h", s.h(), "c", s.c());
        });
    }

    @OnEachDevice
    void lstmCellTwoStepsFromZeroState(TestDevice d) {
        LSTMCell cell = new LSTMCell(5, 4, new Generator(0));
        run(d, "lstm_cell_two_steps", cell, in -> {
            LSTMCell.State s1 = cell.forward(in.get("x1"), cell.zeroState(in.get("x1").size(0)));
            LSTMCell.State s2 = cell.forward(in.get("x2"), s1);
            return outputs("h1", s1.h(), "h2", s2.h(), "c2", s2.c());
        });
    }

    @OnEachDevice
    void ginLayerTrain(TestDevice d) {
        GINLayer gin = new GINLayer(5, 6, new Generator(0));
        run(d, "gin_layer_train", gin, in -> outputs("out", gin.forward(in.get("h"), in.get("adj"))));
    }

    @OnEachDevice
    void ginLayerEval(TestDevice d) {
        GINLayer gin = new GINLayer(5, 6, new Generator(0));
        run(d, "gin_layer_eval", gin, in -> outputs("out", gin.forward(in.get("h"), in.get("adj"))));
    }

    // ---------------------------------------------------------------- the runner

    static void layer(TestDevice d, String fixture, Layer layer) {
        run(d, fixture, layer, in -> outputs("out", layer.forward(in.get("x"))));
    }

    static Map<String, Tensor> outputs(Object... nameValue) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) out.put((String) nameValue[i], (Tensor) nameValue[i + 1]);
        return out;
    }

    /**
     * Loads layers/{@code fixture}: the module's state strictly from {@code state.*}, its mode from
     * the metadata, the inputs from {@code input.*} (requiring a gradient where the fixture has one);
     * runs {@code forward} and backward, and compares everything the fixture holds.
     */
    static void run(TestDevice d, String fixture, Module m, Function<Map<String, Tensor>, Map<String, Tensor>> forward) {
        Golden g = Golden.load("layers/" + fixture);
        m.loadStateDict(g.with("state."), true);
        m.train(Boolean.parseBoolean(g.meta("train")));
        m.to(d.device());
        Map<String, Tensor> in = new LinkedHashMap<>();
        g.with("input.").forEach((k, v) -> in.put(k, Tensor.of(d.put(v)).requiresGrad(g.has("grad.input." + k))));

        Map<String, Tensor> out = forward.apply(in);
        Golden.assertSameKeys(fixture + " outputs", g.with("output.").keySet(), out.keySet());
        Tensor loss = null;
        for (var e : out.entrySet()) {
            Tensor term = e.getValue().mul(Tensor.of(d.put(g.get("grad_output." + e.getKey())))).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();

        out.forEach((k, v) -> g.check("output." + k, v.data(), Tolerance.CASE));
        in.forEach((k, v) -> {
            if (v.requiresGrad()) g.check("grad.input." + k, v.grad(), Tolerance.CASE);
        });
        Set<String> zero = g.metaList("zero_grad_params");
        Golden.assertSameKeys(fixture + " parameters with gradients", g.with("grad.state.").keySet(), m.namedParameters().keySet());
        m.namedParameters().forEach((k, p) -> {
            if (zero.contains(k)) Golden.assertZero(g.name() + ": grad.state." + k, p.grad(), Golden.ZERO_ATOL);
            else g.check("grad.state." + k, p.grad(), Tolerance.CASE);
        });
        Map<String, ionas.tensor.NDArray> state = m.stateDict();
        g.with("after.").keySet().forEach(k -> g.check("after." + k, state.get(k), Tolerance.CASE));
        if (m.isTraining() && !m.namedBuffers().isEmpty())
            Golden.assertSameKeys(fixture + " updated buffers", g.with("after.").keySet(), m.namedBuffers().keySet());
        if (!m.isTraining()) // evaluation must leave the running statistics alone
            m.namedBuffers().forEach((k, b) -> g.check("state." + k, b, Tolerance.CASE));
    }
}
