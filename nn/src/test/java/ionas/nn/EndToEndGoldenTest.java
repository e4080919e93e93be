package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.Golden.Tolerance;
import ionas.nn.io.SafeTensors;
import ionas.nn.layers.Activation;
import ionas.nn.layers.BatchNorm;
import ionas.nn.layers.Conv2d;
import ionas.nn.layers.Linear;
import ionas.nn.layers.Pooling;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.Adam;
import ionas.nn.optim.GradClip;
import ionas.nn.optim.Optimizer;
import ionas.nn.optim.SGD;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whole models against PyTorch: started from the weights PyTorch wrote (e2e/<name>_init.safetensors,
 * loaded strictly through SafeTensors and Module.loadStateDict), three training steps on one batch,
 * each forward, backward, clip_grad_norm_(5) and optimiser step; the loss of every step, every
 * gradient after the first backward, the gradient norm of every step, and every parameter and
 * buffer after the three steps must equal PyTorch's within 1e-4 relative, on every device.
 */
class EndToEndGoldenTest {
    @AfterAll
    static void report() {
        Golden.Stats.report();
    }

    /** NASBench-PyTorch's ConvBnRelu twice, max-pool, global average pool, classifier; cross-entropy; SGD. */
    @OnEachDevice
    void convBnReluStackWithSgd(TestDevice d) throws IOException {
        Sequential model = new Sequential(
                new Conv2d(3, 8, 3, 1, 1, false, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                new Conv2d(8, 8, 3, 1, 1, true, new Generator(0)), BatchNorm.batchNorm2d(8), Activation.relu(),
                Pooling.maxPool2d(2, 2, 0), Pooling.globalAvgPool(), new Linear(8, 10, new Generator(0)));
        Golden g = Golden.load("e2e/convbnrelu");
        Tensor x = Tensor.of(d.put(g.get("input.x")));
        NDArray target = d.put(g.get("input.target"));
        train(d, "convbnrelu", model, model.parameters(), ps -> new SGD(ps, 0.1, 0.9, 1e-4),
                () -> Losses.crossEntropy(model.forward(x), target, Reduction.MEAN));
    }

    /**
     * arch2vec's encoder (4 GIN layers, hidden 16, latent 4) on 3 graphs of up to 7 nodes (zero-padded),
     * with the symmetrised adjacency; the deterministic VAE loss of {@link GinEncoder#loss}; Adam.
     * The biases that feed a training-mode batch norm have a gradient that is zero in exact
     * arithmetic; they are checked against zero and, as in the fixture, left out of the optimiser
     * (Adam would turn their rounding noise into steps of size lr; see make_golden.py).
     */
    @OnEachDevice
    void arch2vecGinEncoderWithAdam(TestDevice d) throws IOException {
        GinEncoder model = new GinEncoder(5, 16, 4, 4);
        Golden g = Golden.load("e2e/gin_encoder");
        Tensor ops = Tensor.of(d.put(g.get("input.x"))), adjacency = Tensor.of(d.put(g.get("input.adj")));
        NDArray raw = d.put(g.get("input.adj_raw"));
        // the input is arch2vec's preprocessing of the upper-triangular adjacency: A + triu(A, 1)^T
        Golden.assertClose(g.name() + ": symmetrised adjacency", adjacency.data(), raw.add(raw.transpose(1, 2)), Tolerance.CASE);
        Set<String> frozen = g.metaList("frozen_params");
        List<Parameter> trained = new ArrayList<>();
        model.namedParameters().forEach((k, p) -> {
            if (!frozen.contains(k)) trained.add(p);
        });
        assertEquals(8, frozen.size());
        train(d, "gin_encoder", model, trained, ps -> new Adam(ps, 1e-3), () -> model.loss(ops, adjacency));
    }

    private interface OptimizerFactory {
        Optimizer make(List<Parameter> params);
    }

    private static void train(TestDevice d, String name, Module model, List<Parameter> trained, OptimizerFactory optimizer, Supplier<Tensor> loss)
            throws IOException {
        // the initial weights, exactly as PyTorch's state_dict (num_batches_tracked as I64)
        Map<String, NDArray> init = SafeTensors.read(Golden.path("e2e/" + name + "_init")).tensors();
        model.loadStateDict(init, true);
        model.train(true);
        model.to(d.device());
        Golden g = Golden.load("e2e/" + name);
        Set<String> zero = g.metaList("zero_grad_params");
        double maxNorm = g.metaDouble("max_norm");
        int steps = Integer.parseInt(g.meta("steps"));
        Optimizer opt = optimizer.make(trained);
        for (int step = 0; step < steps; step++) {
            opt.zeroGrad();
            model.zeroGrad();
            Tensor l = loss.get();
            g.check("loss." + step, l.data(), Tolerance.E2E);
            l.backward();
            if (step == 0) {
                Golden.assertSameKeys(name + " gradients", g.with("grad.").keySet(), model.namedParameters().keySet());
                model.namedParameters().forEach((k, p) -> {
                    if (zero.contains(k)) Golden.assertZero(g.name() + ": grad." + k, p.grad(), Golden.ZERO_ATOL);
                    else g.check("grad." + k, p.grad(), Tolerance.E2E);
                });
            }
            double norm = GradClip.clipGradNorm(model.parameters(), maxNorm).item();
            g.check("grad_norm." + step, norm, Tolerance.E2E);
            opt.step();
        }
        Map<String, NDArray> state = model.stateDict();
        Golden.assertSameKeys(name + " state after the steps", g.with("after.").keySet(), state.keySet());
        state.forEach((k, v) -> g.check("after." + k, v, Tolerance.E2E));
    }
}
