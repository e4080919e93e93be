package ionas.nn;

import ionas.autograd.Tensor;
import ionas.nn.Golden.Tolerance;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every loss, mean and sum, against PyTorch: the value and the gradients of the inputs, 1e-5 relative. */
class GoldenLossesTest {
    @AfterAll
    static void report() {
        Golden.Stats.report();
    }

    @Test void crossEntropyMean() { loss("cross_entropy_mean", GoldenLossesTest::crossEntropy); }
    @Test void crossEntropySum()  { loss("cross_entropy_sum", GoldenLossesTest::crossEntropy); }

    /** Probabilities strictly inside (0, 1), targets including exact 0 and 1. */
    @Test void bceMean() { loss("bce_mean", GoldenLossesTest::bce); }
    @Test void bceSum()  { loss("bce_sum", GoldenLossesTest::bce); }

    /**
     * Probabilities of exactly 0 and 1 against targets 0 and 1: the logs clamped at -100 (losses of
     * 0 or 100 per element) and PyTorch's gradient (p - t) / max(p (1 - p), 1e-12), which is 0 or
     * -+1e12 there (divided by N for the mean).
     */
    @Test void bceEdgesMean() { loss("bce_edges_mean", GoldenLossesTest::bce); }
    @Test void bceEdgesSum()  { loss("bce_edges_sum", GoldenLossesTest::bce); }

    /** Logits including +-30 and 0. */
    @Test void bceWithLogitsMean() { loss("bce_logits_mean", (in, r) -> Losses.binaryCrossEntropyWithLogits(in.get("x"), in.get("target"), r)); }
    @Test void bceWithLogitsSum()  { loss("bce_logits_sum", (in, r) -> Losses.binaryCrossEntropyWithLogits(in.get("x"), in.get("target"), r)); }

    /** One prediction equals its target: the L1 gradient there is sign(0) = 0. */
    @Test void l1Mean() { loss("l1_mean", (in, r) -> Losses.l1(in.get("prediction"), in.get("target"), r)); }
    @Test void l1Sum()  { loss("l1_sum", (in, r) -> Losses.l1(in.get("prediction"), in.get("target"), r)); }

    @Test void mseMean() { loss("mse_mean", (in, r) -> Losses.mse(in.get("prediction"), in.get("target"), r)); }
    @Test void mseSum()  { loss("mse_sum", (in, r) -> Losses.mse(in.get("prediction"), in.get("target"), r)); }

    @Test void gaussianKlMean() { loss("gaussian_kl_mean", (in, r) -> Losses.gaussianKl(in.get("mu"), in.get("log_var"), r)); }
    @Test void gaussianKlSum()  { loss("gaussian_kl_sum", (in, r) -> Losses.gaussianKl(in.get("mu"), in.get("log_var"), r)); }

    private static Tensor crossEntropy(Map<String, Tensor> in, Reduction r) {
        return Losses.crossEntropy(in.get("logits"), in.get("target").data(), r);
    }

    private static Tensor bce(Map<String, Tensor> in, Reduction r) {
        return Losses.binaryCrossEntropy(in.get("p"), in.get("target"), r);
    }

    /** Loads losses/{@code fixture}, computes the loss with the fixture's reduction, backward, compares. */
    static void loss(String fixture, BiFunction<Map<String, Tensor>, Reduction, Tensor> f) {
        Golden g = Golden.load("losses/" + fixture);
        Reduction reduction = Reduction.valueOf(g.meta("reduction").toUpperCase(Locale.ROOT));
        Map<String, Tensor> in = new LinkedHashMap<>();
        g.with("input.").forEach((k, v) -> in.put(k, Tensor.of(v).requiresGrad(g.has("grad.input." + k))));
        Tensor loss = f.apply(in, reduction);
        g.check("output.loss", loss.data(), Tolerance.CASE);
        loss.backward();
        in.forEach((k, v) -> {
            if (v.requiresGrad()) g.check("grad.input." + k, v.grad(), Tolerance.CASE);
        });
    }
}
