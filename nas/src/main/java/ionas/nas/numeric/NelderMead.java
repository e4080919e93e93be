package ionas.nas.numeric;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * The downhill simplex method as SciPy's {@code scipy.optimize.fmin} runs it (non-adaptive
 * coefficients reflection 1, expansion 2, contraction 1/2, shrink 1/2), which pybnn's DNGO uses to
 * fit its hyper-parameters (spec 3.10). Followed step by step: the initial simplex moves each
 * coordinate of {@code x0} by 5 % (to 0.00025 where it is 0), the vertices are re-sorted by value
 * after every iteration (stably, as NumPy's {@code argsort} on so few values), and the search stops
 * when both the simplex and its values lie within the tolerances of the best vertex, or after
 * {@code maxIterations} iterations or {@code maxEvaluations} evaluations.
 *
 * <p>Infinite values are fine (pybnn returns +inf outside its box); the simplex just moves away.
 */
public final class NelderMead {
    private static final double RHO = 1, CHI = 2, PSI = 0.5, SIGMA = 0.5;
    private static final double NONZERO_DELTA = 0.05, ZERO_DELTA = 0.00025;

    /**
     * @param xTolerance {@code xtol}: the largest coordinate difference to the best vertex (1e-4)
     * @param fTolerance {@code ftol}: the largest value difference to the best vertex (1e-4)
     * @param maxIterations {@code maxiter}; 0 for SciPy's default, 200 per dimension
     * @param maxEvaluations {@code maxfun}; 0 for SciPy's default, 200 per dimension
     */
    public record Options(double xTolerance, double fTolerance, int maxIterations, int maxEvaluations) {
        public Options {
            if (!(xTolerance >= 0) || !(fTolerance >= 0) || maxIterations < 0 || maxEvaluations < 0)
                throw new IllegalArgumentException("invalid Nelder-Mead options " + xTolerance + ", " + fTolerance + ", "
                        + maxIterations + ", " + maxEvaluations);
        }
    }

    /** {@code fmin}'s defaults. */
    public static final Options SCIPY_DEFAULTS = new Options(1e-4, 1e-4, 0, 0);

    /** The best vertex found, its value, and the work done. */
    public record Result(double[] x, double value, int iterations, int evaluations) {}

    private NelderMead() {}

    /** {@code fmin(f, x0)} with SciPy's defaults. */
    public static Result minimize(ToDoubleFunction<double[]> f, double[] x0) {
        return minimize(f, x0, SCIPY_DEFAULTS);
    }

    /** Minimises {@code f} from {@code x0}; {@code f} receives a fresh array each call. */
    public static Result minimize(ToDoubleFunction<double[]> f, double[] x0, Options options) {
        int n = x0.length;
        if (n == 0) throw new IllegalArgumentException("Nelder-Mead needs at least one dimension");
        int maxIter = options.maxIterations() == 0 ? 200 * n : options.maxIterations();
        int maxFun = options.maxEvaluations() == 0 ? 200 * n : options.maxEvaluations();
        int[] calls = {0};
        ToDoubleFunction<double[]> counted = x -> {
            calls[0]++;
            return f.applyAsDouble(x.clone());
        };

        double[][] sim = new double[n + 1][];
        double[] fsim = new double[n + 1];
        sim[0] = x0.clone();
        for (int k = 0; k < n; k++) {
            double[] y = x0.clone();
            y[k] = y[k] != 0 ? (1 + NONZERO_DELTA) * y[k] : ZERO_DELTA;
            sim[k + 1] = y;
        }
        for (int k = 0; k <= n; k++) fsim[k] = counted.applyAsDouble(sim[k]);
        sortByValue(sim, fsim);

        int iterations = 1;
        while (calls[0] < maxFun && iterations < maxIter) {
            if (converged(sim, fsim, options)) break;
            double[] xbar = new double[n];
            for (int j = 0; j < n; j++) for (int d = 0; d < n; d++) xbar[d] += sim[j][d];
            for (int d = 0; d < n; d++) xbar[d] /= n;
            double[] worst = sim[n];

            double[] xr = combine(1 + RHO, xbar, -RHO, worst);
            double fxr = counted.applyAsDouble(xr);
            boolean shrink = false;
            if (fxr < fsim[0]) {
                double[] xe = combine(1 + RHO * CHI, xbar, -RHO * CHI, worst);
                double fxe = counted.applyAsDouble(xe);
                if (fxe < fxr) replaceWorst(sim, fsim, xe, fxe);
                else replaceWorst(sim, fsim, xr, fxr);
            } else if (fxr < fsim[n - 1]) {
                replaceWorst(sim, fsim, xr, fxr);
            } else if (fxr < fsim[n]) {
                double[] xc = combine(1 + PSI * RHO, xbar, -PSI * RHO, worst);
                double fxc = counted.applyAsDouble(xc);
                if (fxc <= fxr) replaceWorst(sim, fsim, xc, fxc);
                else shrink = true;
            } else {
                double[] xcc = combine(1 - PSI, xbar, PSI, worst);
                double fxcc = counted.applyAsDouble(xcc);
                if (fxcc < fsim[n]) replaceWorst(sim, fsim, xcc, fxcc);
                else shrink = true;
            }
            if (shrink) {
                for (int j = 1; j <= n; j++) {
                    double[] x = new double[n];
                    for (int d = 0; d < n; d++) x[d] = sim[0][d] + SIGMA * (sim[j][d] - sim[0][d]); // SciPy's rounding
                    sim[j] = x;
                    fsim[j] = counted.applyAsDouble(sim[j]);
                }
            }
            iterations++;
            sortByValue(sim, fsim);
        }
        return new Result(sim[0].clone(), fsim[0], iterations, calls[0]);
    }

    private static boolean converged(double[][] sim, double[] fsim, Options options) {
        double dx = 0, df = 0;
        for (int j = 1; j < sim.length; j++) {
            for (int d = 0; d < sim[0].length; d++) dx = Math.max(dx, Math.abs(sim[j][d] - sim[0][d]));
            df = Math.max(df, Math.abs(fsim[0] - fsim[j]));
        }
        // NaN never passes, like NumPy's max over NaN
        return dx <= options.xTolerance() && df <= options.fTolerance();
    }

    private static double[] combine(double a, double[] x, double b, double[] y) {
        double[] r = new double[x.length];
        for (int d = 0; d < x.length; d++) r[d] = a * x[d] + b * y[d];
        return r;
    }

    private static void replaceWorst(double[][] sim, double[] fsim, double[] x, double fx) {
        sim[sim.length - 1] = x;
        fsim[fsim.length - 1] = fx;
    }

    private static void sortByValue(double[][] sim, double[] fsim) {
        Integer[] order = new Integer[fsim.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(fsim[a], fsim[b])); // stable
        double[][] s = sim.clone();
        double[] v = fsim.clone();
        for (int i = 0; i < order.length; i++) {
            sim[i] = s[order[i]];
            fsim[i] = v[order[i]];
        }
    }
}
