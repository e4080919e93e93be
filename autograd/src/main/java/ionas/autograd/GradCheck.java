package ionas.autograd;

import ionas.tensor.DType;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences, in float64, with PyTorch's
 * {@code gradcheck} defaults (eps 1e-6, atol 1e-5, rtol 1e-3).
 *
 * <p>To test every output element with one backward pass, the function's output {@code y} is
 * reduced to {@code L = sum(y * w)} with fixed random weights {@code w}; then for every input
 * element {@code x_i}, {@code dL/dx_i} from backward must equal
 * {@code (L(x_i + eps) - L(x_i - eps)) / 2 eps}. Random weights make it very unlikely that wrong
 * gradients of different outputs cancel.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    /** The outcome: whether every element matched, the worst errors, and a readable report. */
    public record Result(boolean passed, double maxAbsError, double maxRelError, String report) {}

    /** Checks {@code fn} at {@code inputs} with the default tolerances. */
    public static Result check(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        return check(fn, inputs, EPS, ATOL, RTOL);
    }

    /** Like {@link #check} but throws an {@link AssertionError} with the report when it fails. */
    public static void assertGradients(Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        Result r = check(fn, List.of(inputs));
        if (!r.passed()) throw new AssertionError(r.report());
    }

    public static Result check(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs, double eps, double atol, double rtol) {
        List<double[]> values = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (NDArray x : inputs) {
            values.add(x.toDoubleArray());
            shapes.add(x.shape());
        }

        // analytic gradients, from one backward pass of L = sum(y * w)
        List<Tensor> leaves = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) leaves.add(Tensor.of(NDArray.of(values.get(i), shapes.get(i))).requiresGrad(true));
        Tensor y = fn.apply(leaves);
        if (y.dtype() != DType.FLOAT64)
            throw new IllegalArgumentException("GradCheck: the function returned " + y.dtype() + "; it must keep float64 inputs in float64");
        NDArray w = NDArray.random(new Generator(12345), true, DType.FLOAT64, y.device(), y.shape());
        y.mul(Tensor.of(w)).sum().backward();

        StringBuilder report = new StringBuilder();
        boolean passed = true;
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < values.size(); i++) {
            NDArray g = leaves.get(i).grad();
            double[] analytic = g == null ? new double[values.get(i).length] : g.toDoubleArray();
            double[] x = values.get(i);
            int mismatches = 0;
            for (int j = 0; j < x.length; j++) {
                double saved = x[j];
                x[j] = saved + eps;
                double plus = weightedSum(fn, values, shapes, w);
                x[j] = saved - eps;
                double minus = weightedSum(fn, values, shapes, w);
                x[j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double abs = Math.abs(analytic[j] - numeric);
                maxAbs = Math.max(maxAbs, abs);
                maxRel = Math.max(maxRel, abs / Math.max(Math.abs(numeric), 1e-12));
                boolean ok = abs <= atol + rtol * Math.abs(numeric);
                if (!ok) {
                    passed = false;
                    if (mismatches++ < 5) {
                        report.append(String.format(Locale.ROOT, "input %d %s element %d: analytic %.8g, numeric %.8g%n",
                                i, Shapes.str(shapes.get(i)), j, analytic[j], numeric));
                    }
                }
            }
            if (mismatches > 5) report.append("input ").append(i).append(": ").append(mismatches - 5).append(" more mismatches\n");
        }
        String head = String.format(Locale.ROOT, "gradcheck %s: max abs error %.3g, max rel error %.3g (eps %g, atol %g, rtol %g)%n",
                passed ? "passed" : "FAILED", maxAbs, maxRel, eps, atol, rtol);
        return new Result(passed, maxAbs, maxRel, head + report);
    }

    private static double weightedSum(Function<List<Tensor>, Tensor> fn, List<double[]> values, List<int[]> shapes, NDArray w) {
        try (var scope = Autograd.noGrad()) {
            List<Tensor> in = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) in.add(Tensor.of(NDArray.of(values.get(i), shapes.get(i))));
            return fn.apply(in).data().mul(w).sum().item();
        }
    }
}
