package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.Golden.Tolerance;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;

/** Every loss, mean and sum, against PyTorch on every device: the value and the gradients of the inputs, 1e-5 relative. */
class GoldenLossesTest {
    @AfterAll
    static void report() {
        Golden.Stats.report();
    }

    @OnEachDevice void crossEntropyMean(TestDevice d) { loss(d, "cross_entropy_mean", GoldenLossesTest::crossEntropy); }
    @OnEachDevice void crossEntropySum(TestDevice d)  { loss(d, "cross_entropy_sum", GoldenLossesTest::crossEntropy); }

    /** Probabilities strictly inside (0, 1), targets including exact 0 and 1. */
    @OnEachDevice void bceMean(TestDevice d) { loss(d, "bce_mean", GoldenLossesTest::bce); }
    @OnEachDevice void bceSum(TestDevice d)  { loss(d, "bce_sum", GoldenLossesTest::bce); }

    /**
     * Probabilities of exactly 0 and 1 against targets 0 and 1: the logs clamped at -100 (losses of
     * 0 or 100 per element) and PyTorch's gradient (p - t) / max(p (1 - p), 1e-12), which is 0 or
     * -+1e12 there (divided by N for the mean).
     */
    @OnEachDevice void bceEdgesMean(TestDevice d) { loss(d, "bce_edges_mean", GoldenLossesTest::bce); }
    @OnEachDevice void bceEdgesSum(TestDevice d)  { loss(d, "bce_edges_sum", GoldenLossesTest::bce); }

    /** Logits including +-30 and 0. */
    @OnEachDevice void bceWithLogitsMean(TestDevice d) { loss(d, "bce_logits_mean", (in, r) -> Losses.binaryCrossEntropyWithLogits(in.get("x"), in.get("target"), r)); }
    @OnEachDevice void bceWithLogitsSum(TestDevice d)  { loss(d, "bce_logits_sum", (in, r) -> Losses.binaryCrossEntropyWithLogits(in.get("x"), in.get("target"), r)); }

    /** One prediction equals its target: the L1 gradient there is sign(0) = 0. */
    @OnEachDevice void l1Mean(TestDevice d) { loss(d, "l1_mean", (in, r) -> Losses.l1(in.get("prediction"), in.get("target"), r)); }
    @OnEachDevice void l1Sum(TestDevice d)  { loss(d, "l1_sum", (in, r) -> Losses.l1(in.get("prediction"), in.get("target"), r)); }

    @OnEachDevice void mseMean(TestDevice d) { loss(d, "mse_mean", (in, r) -> Losses.mse(in.get("prediction"), in.get("target"), r)); }
    @OnEachDevice void mseSum(TestDevice d)  { loss(d, "mse_sum", (in, r) -> Losses.mse(in.get("prediction"), in.get("target"), r)); }

    @OnEachDevice void gaussianKlMean(TestDevice d) { loss(d, "gaussian_kl_mean", (in, r) -> Losses.gaussianKl(in.get("mu"), in.get("log_var"), r)); }
    @OnEachDevice void gaussianKlSum(TestDevice d)  { loss(d, "gaussian_kl_sum", (in, r) -> Losses.gaussianKl(in.get("mu"), in.get("log_var"), r)); }

    private static Tensor crossEntropy(Map<String, Tensor> in, Reduction r) {
        return Losses.crossEntropy(in.get("logits"), in.get("target").data(), r);
    }

    private static Tensor bce(Map<String, Tensor> in, Reduction r) {
        return Losses.binaryCrossEntropy(in.get("p"), in.get("target"), r);
    }

    /** Loads losses/{@code fixture}, computes the loss with the fixture's reduction, backward, compares. */
    static void loss(TestDevice d, String fixture, BiFunction<Map<String, Tensor>, Reduction, Tensor> f) {
        Golden g = Golden.load("losses/" + fixture);
        Reduction reduction = Reduction.valueOf(g.meta("reduction").toUpperCase(Locale.ROOT));
        Map<String, Tensor> in = new LinkedHashMap<>();
        g.with("input.").forEach((k, v) -> in.put(k, Tensor.of(d.put(v)).requiresGrad(g.has("grad.input." + k))));
        Tensor loss = f.apply(in, reduction);
        g.check("output.loss", loss.data(), Tolerance.CASE);
        loss.backward();
        in.forEach((k, v) -> {
            if (v.requiresGrad()) g.check("grad.input." + k, v.grad(), Tolerance.CASE);
        });
    }
}
