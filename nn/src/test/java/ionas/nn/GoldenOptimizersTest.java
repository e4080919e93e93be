package ionas.nn;

import ionas.nn.Golden.Tolerance;
import ionas.nn.optim.Adam;
import ionas.nn.optim.CosineAnnealingLR;
import ionas.nn.optim.GradClip;
import ionas.nn.optim.Optimizer;
import ionas.nn.optim.SGD;
import ionas.tensor.NDArray;
import ionas.tensor.testing.OnEachDevice;
import ionas.tensor.testing.TestDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Optimiser steps, the cosine schedule and gradient clipping against PyTorch. The optimiser cases
 * feed given gradients to two parameters for three steps (the second parameter has none at step 1,
 * so it must be left alone there) and compare the weights after every step and the optimiser's
 * buffers at the end, 1e-5 relative, on every device.
 */
class GoldenOptimizersTest {
    @AfterAll
    static void report() {
        Golden.Stats.report();
    }

    @OnEachDevice void sgd(TestDevice d)                 { steps(d, "sgd_plain", ps -> new SGD(ps, 0.1, 0, 0)); }
    @OnEachDevice void sgdMomentumWeightDecay(TestDevice d) { steps(d, "sgd_momentum_wd", ps -> new SGD(ps, 0.1, 0.9, 1e-4)); }
    @OnEachDevice void adam(TestDevice d)                { steps(d, "adam", ps -> new Adam(ps, 1e-2)); }
    @OnEachDevice void adamWeightDecay(TestDevice d)     { steps(d, "adam_wd", ps -> new Adam(ps, 1e-2, 0.9, 0.999, 1e-8, 1e-2)); }

    @Test
    void cosineAnnealing() {
        Golden g = Golden.load("optim/cosine_annealing");
        SGD opt = new SGD(List.of(new Parameter(NDArray.zeros(1))), g.metaDouble("lr"), 0, 0);
        CosineAnnealingLR schedule = new CosineAnnealingLR(opt, Integer.parseInt(g.meta("t_max")), g.metaDouble("eta_min"));
        NDArray expected = g.get("lrs");
        double[] lrs = new double[expected.numel()], closed = new double[expected.numel()];
        lrs[0] = opt.lr();
        closed[0] = schedule.lrAt(0);
        for (int e = 1; e < lrs.length; e++) {
            schedule.step();
            lrs[e] = opt.lr();
            closed[e] = schedule.lrAt(e);
        }
        assertEquals(lrs.length - 1, schedule.epoch());
        Golden.assertClose(g.name() + ": lrs after step()", expected, NDArray.of(lrs, lrs.length), Tolerance.CASE);
        Golden.assertClose(g.name() + ": lrAt(e)", expected, NDArray.of(closed, closed.length), Tolerance.CASE);
    }

    @OnEachDevice void clipGradNormActive(TestDevice d)   { clip(d, "clip_grad_norm_active"); }
    @OnEachDevice void clipGradNormInactive(TestDevice d) { clip(d, "clip_grad_norm_inactive"); }

    static void clip(TestDevice d, String fixture) {
        Golden g = Golden.load("optim/" + fixture);
        Map<String, Parameter> ps = new LinkedHashMap<>();
        g.with("grad.").forEach((k, grad) -> {
            Parameter p = new Parameter(d.put(NDArray.zeros(grad.shape())));
            p.setGrad(d.put(grad));
            ps.put(k, p);
        });
        double norm = GradClip.clipGradNorm(new ArrayList<>(ps.values()), g.metaDouble("max_norm")).item();
        g.check("total_norm", norm, Tolerance.CASE);
        ps.forEach((k, p) -> g.check("after.grad." + k, p.grad(), Tolerance.CASE));
    }

    /**
     * Loads optim/{@code fixture}: parameters from {@code state.*}, the gradients of every step from
     * {@code step<k>.grad.*}; checks {@code step<k>.after.*} after every step and PyTorch's optimiser
     * state ({@code momentum_buffer.<i>}, {@code exp_avg.<i>}, {@code exp_avg_sq.<i>}, {@code step.<i>})
     * against ionas' {@link Optimizer#stateDict()} at the end.
     */
    static void steps(TestDevice d, String fixture, Function<List<Parameter>, Optimizer> make) {
        Golden g = Golden.load("optim/" + fixture);
        Map<String, Parameter> ps = new LinkedHashMap<>();
        g.with("state.").forEach((k, v) -> ps.put(k, new Parameter(d.put(v))));
        Optimizer opt = make.apply(new ArrayList<>(ps.values()));
        for (int step = 0; g.has("step" + step + ".after.w0"); step++) {
            opt.zeroGrad();
            for (var e : ps.entrySet()) {
                String key = "step" + step + ".grad." + e.getKey();
                if (g.has(key)) e.getValue().setGrad(d.put(g.get(key)));
            }
            opt.step();
            for (var e : ps.entrySet()) g.check("step" + step + ".after." + e.getKey(), e.getValue().data(), Tolerance.CASE);
        }
        Map<String, NDArray> state = opt.stateDict();
        int checked = 0;
        for (String buffer : List.of("momentum_buffer", "exp_avg", "exp_avg_sq")) {
            for (int i = 0; i < ps.size(); i++) {
                String key = buffer + "." + i;
                if (g.has(key)) {
                    g.check(key, state.get(key), Tolerance.CASE);
                    checked++;
                }
            }
        }
        if (g.has("step.0")) {
            float[] steps = state.get("step").toFloatArray();
            for (int i = 0; i < ps.size(); i++) g.check("step." + i, steps[i], Tolerance.CASE);
            checked++;
        }
        if (fixture.startsWith("adam")) assertEquals(5, checked, "Adam's state: exp_avg and exp_avg_sq of both parameters and the steps");
        if (fixture.equals("sgd_momentum_wd")) assertEquals(2, checked, "SGD's momentum buffers");
    }
}
