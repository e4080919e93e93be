package ionas.nas.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NelderMeadTest {
    // scipy.optimize.fmin(rosen, [-1.2, 1.0], full_output=True) with SciPy 1.10
    // (nas/src/test/python/dngo_reference.py, line "rosenbrock")
    private static final double[] SCIPY_X = {1.0000220217835696, 1.0000422197517715};
    private static final double SCIPY_F = 8.177661197416674e-10;
    private static final int SCIPY_ITERATIONS = 85, SCIPY_CALLS = 159;

    private static double rosenbrock(double[] x) {
        return 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
    }

    @Test
    void findsTheRosenbrockMinimumStepForStepWithScipy() {
        NelderMead.Result r = NelderMead.minimize(NelderMeadTest::rosenbrock, new double[] {-1.2, 1.0});
        assertArrayEquals(new double[] {1, 1}, r.x(), 1e-4);
        assertArrayEquals(SCIPY_X, r.x(), 1e-13);
        assertEquals(SCIPY_F, r.value(), 1e-20);
        assertEquals(SCIPY_ITERATIONS, r.iterations());
        assertEquals(SCIPY_CALLS, r.evaluations());
    }

    @Test
    void stepsAroundInfiniteValues() {
        // a bowl at (3, -2) walled off by +inf outside |x_i| <= 10, as pybnn's likelihood is
        NelderMead.Result r = NelderMead.minimize(x -> Math.abs(x[0]) > 10 || Math.abs(x[1]) > 10 ? Double.POSITIVE_INFINITY
                : (x[0] - 3) * (x[0] - 3) + (x[1] + 2) * (x[1] + 2), new double[] {9.9, 9.9});
        assertArrayEquals(new double[] {3, -2}, r.x(), 1e-3);
    }

    @Test
    void respectsTheEvaluationLimit() {
        NelderMead.Result r = NelderMead.minimize(NelderMeadTest::rosenbrock, new double[] {-1.2, 1.0},
                new NelderMead.Options(1e-4, 1e-4, 0, 20));
        assertTrue(r.evaluations() <= 20 + 2, "a step may finish after the limit, as in SciPy: " + r.evaluations());
    }
}
