package ionas.autograd;

import ionas.tensor.DType;
import ionas.tensor.Device;
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
 *
 * <p>Second derivatives ({@link #checkSecondOrder}, PyTorch's {@code gradgradcheck}) are checked
 * the same way, on the function that maps the inputs and a gradient of the output to the inputs'
 * gradients, computed with {@link BackwardMode#CREATE_GRAPH}: its backward is the backward of
 * backward, and its finite differences are differences of first derivatives.
 *
 * <p>On another device ({@link #compareWithCpu}) the check is different, because finite
 * differences need float64 and the GPU backend computes in float32: the function runs in float32
 * on the device, and its output and gradients must match the CPU's float64 run, whose gradients
 * are the ones the finite differences vouch for.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;

    /**
     * Float32 against float64, per element: |device - cpu| &lt;= DEVICE_RTOL |cpu| + DEVICE_ATOL max|cpu|,
     * the last term over the whole tensor, as an element that is a small difference of large terms
     * carries their absolute rounding error (float32's unit roundoff is 6e-8; sums of a few dozen
     * terms stay well inside).
     */
    public static final double DEVICE_ATOL = 1e-5, DEVICE_RTOL = 1e-4;

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

    /**
     * Checks the second derivatives of {@code fn} at {@code inputs}, as PyTorch's {@code gradgradcheck}:
     * {@link #check} of the function (inputs, v) -&gt; the inputs' gradients of sum(fn(inputs) * v),
     * with v a fixed random gradient of the output, computed with {@link BackwardMode#CREATE_GRAPH}.
     */
    public static Result checkSecondOrder(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        int n = inputs.size();
        List<NDArray> withV = new ArrayList<>(inputs);
        withV.add(outputGradient(fn, inputs));
        return check(in -> firstDerivatives(fn, in.subList(0, n), in.get(n)), withV, EPS, ATOL, RTOL);
    }

    /** The fixed random gradient v of fn's output that the second-order checks start from, float64 on the CPU. */
    private static NDArray outputGradient(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        try (var scope = Autograd.noGrad()) {
            List<Tensor> constants = new ArrayList<>();
            for (NDArray x : inputs) constants.add(Tensor.of(x));
            int[] shape = fn.apply(constants).shape();
            return NDArray.random(new Generator(54321), true, DType.FLOAT64, Device.CPU, shape);
        }
    }

    /**
     * Second derivatives on another device: {@link #compareWithCpu} of the function that
     * {@link #checkSecondOrder} checks, so the device's float32 gradients of gradients must match
     * the CPU's float64 ones.
     */
    public static Result compareSecondOrderWithCpu(Device device, Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        int n = inputs.size();
        List<NDArray> withV = new ArrayList<>(inputs);
        withV.add(outputGradient(fn, inputs));
        return compareWithCpu(device, in -> firstDerivatives(fn, in.subList(0, n), in.get(n)), withV);
    }

    /** Like {@link #checkSecondOrder} but throws an {@link AssertionError} with the report when it fails. */
    public static void assertSecondDerivatives(Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        Result r = checkSecondOrder(fn, List.of(inputs));
        if (!r.passed()) throw new AssertionError(r.report());
    }

    /**
     * The gradients of sum(fn(xs) * v) with respect to xs, flattened and joined, with graphs back
     * to xs and v. Inside the finite differences' no-grad evaluations xs are constants, so they
     * are differentiated as fresh leaves there.
     */
    private static Tensor firstDerivatives(Function<List<Tensor>, Tensor> fn, List<Tensor> xs, Tensor v) {
        try (var scope = Autograd.enableGrad()) {
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor x : xs) leaves.add(x.requiresGrad() ? x : Tensor.of(x.data()).requiresGrad(true));
            Tensor y = fn.apply(leaves);
            List<Tensor> grads = Autograd.grad(List.of(y), List.of(v), leaves, BackwardMode.CREATE_GRAPH);
            return Tensor.cat(grads.stream().map(Tensor::flatten).toList(), 0);
        }
    }

    public static Result check(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs, double eps, double atol, double rtol) {
        List<double[]> values = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (NDArray x : inputs) {
            values.add(x.toDoubleArray());
            shapes.add(x.shape());
        }

        List<NDArray> leafValues = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) leafValues.add(NDArray.of(values.get(i), shapes.get(i)));
        Analytic a = analytic(fn, leafValues);
        if (a.output().dtype() != DType.FLOAT64)
            throw new IllegalArgumentException("GradCheck: the function returned " + a.output().dtype() + "; it must keep float64 inputs in float64");
        NDArray w = a.weights();

        StringBuilder report = new StringBuilder();
        boolean passed = true;
        double maxAbs = 0, maxRel = 0;
        for (int i = 0; i < values.size(); i++) {
            double[] analytic = a.gradients().get(i).toDoubleArray();
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

    /**
     * Runs {@code fn} on {@code inputs} (on their device, in their dtype) in float32 and compares
     * its output and input gradients with the float64 run on the CPU, within {@link #DEVICE_ATOL}
     * and {@link #DEVICE_RTOL}. Constants the function uses must be put on its inputs' device by
     * the function (for example {@code idx.to(t.get(0).device())}).
     */
    public static Result compareWithCpu(Device device, Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        List<NDArray> cpu = new ArrayList<>(), onDevice = new ArrayList<>();
        for (NDArray x : inputs) {
            cpu.add(x.to(Device.CPU).to(DType.FLOAT64));
            onDevice.add(x.to(DType.FLOAT32).to(device));
        }
        Analytic want = analytic(fn, cpu), got = analytic(fn, onDevice);
        if (!got.output().device().equals(device))
            throw new IllegalArgumentException("GradCheck: the function's output is on " + got.output().device() + ", not " + device);

        StringBuilder report = new StringBuilder();
        double[] worst = new double[2]; // max abs error, max relative error
        boolean passed = closeEnough("output", want.output().data(), got.output().data(), worst, report);
        for (int i = 0; i < inputs.size(); i++)
            passed &= closeEnough("gradient of input " + i, want.gradients().get(i), got.gradients().get(i), worst, report);
        String head = String.format(Locale.ROOT, "%s against float64 on the cpu %s: max abs error %.3g, max rel error %.3g (atol %g x max|cpu|, rtol %g)%n",
                device, passed ? "passed" : "FAILED", worst[0], worst[1], DEVICE_ATOL, DEVICE_RTOL);
        return new Result(passed, worst[0], worst[1], head + report);
    }

    /** Like {@link #compareWithCpu} but throws an {@link AssertionError} with the report when it fails. */
    public static void assertMatchesCpu(Device device, Function<List<Tensor>, Tensor> fn, NDArray... inputs) {
        Result r = compareWithCpu(device, fn, List.of(inputs));
        if (!r.passed()) throw new AssertionError(r.report());
    }

    private static boolean closeEnough(String what, NDArray cpu, NDArray device, double[] worst, StringBuilder report) {
        double[] want = cpu.toDoubleArray(), got = device.toDoubleArray();
        double scale = 0;
        for (double v : want) scale = Math.max(scale, Math.abs(v));
        int mismatches = 0;
        for (int j = 0; j < want.length; j++) {
            double abs = Math.abs(got[j] - want[j]);
            worst[0] = Math.max(worst[0], abs);
            worst[1] = Math.max(worst[1], abs / Math.max(Math.abs(want[j]), 1e-12));
            if (!(abs <= DEVICE_RTOL * Math.abs(want[j]) + DEVICE_ATOL * scale) && mismatches++ < 5)
                report.append(String.format(Locale.ROOT, "%s %s element %d: device %.8g, cpu %.8g%n", what, Shapes.str(cpu.shape()), j, got[j], want[j]));
        }
        if (mismatches > 5) report.append(what).append(": ").append(mismatches - 5).append(" more mismatches\n");
        return mismatches == 0;
    }

    /** The output, the fixed weights {@code w} and the inputs' gradients of {@code L = sum(y * w)} (zeros where none flowed). */
    private record Analytic(Tensor output, NDArray weights, List<NDArray> gradients) {}

    private static Analytic analytic(Function<List<Tensor>, Tensor> fn, List<NDArray> inputs) {
        List<Tensor> leaves = new ArrayList<>();
        for (NDArray x : inputs) leaves.add(Tensor.of(x).requiresGrad(true));
        Tensor y = fn.apply(leaves);
        // the same weights on every device: drawn on the CPU in float64, then moved
        NDArray w = NDArray.random(new Generator(12345), true, DType.FLOAT64, Device.CPU, y.shape()).to(y.dtype()).to(y.device());
        y.mul(Tensor.of(w)).sum().backward();
        List<NDArray> grads = new ArrayList<>();
        for (Tensor leaf : leaves)
            grads.add(leaf.grad() != null ? leaf.grad() : NDArray.zeros(leaf.dtype(), leaf.device(), leaf.shape()));
        return new Analytic(y, w, grads);
    }

    private static double weightedSum(Function<List<Tensor>, Tensor> fn, List<double[]> values, List<int[]> shapes, NDArray w) {
        try (var scope = Autograd.noGrad()) {
            List<Tensor> in = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) in.add(Tensor.of(NDArray.of(values.get(i), shapes.get(i))));
            return fn.apply(in).data().mul(w).sum().item();
        }
    }
}
