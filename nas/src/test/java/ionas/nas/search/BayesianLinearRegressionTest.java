package ionas.nas.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ionas.nas.numeric.LuDecomposition;
import org.junit.jupiter.api.Test;

class BayesianLinearRegressionTest {
    // /usr/bin/python3 nas/src/test/python/dngo_reference.py (NumPy 1.24): lines "blr" and "mll"
    private static final double[] PHI = {0.1, -0.4, 0.7, 0.5, 0.2, -0.3, -0.6, 0.9, 0.05, 0.3, 0.3, 0.3, -0.2, -0.8, 0.4};
    private static final double[] Y = {0.91, 0.85, 0.88, 0.93, 0.79};
    private static final double[] M = {0.37636838661610783, 0.5199212254708632, 1.2896808542700375};
    private static final double[] S = {0.11196074625158266, 0.018794342674386837, 0.02040010123894562, 0.018794342674386837,
            0.06292596756270478, 0.03381653001245394, 0.02040010123894562, 0.033816530012453945, 0.11602294274133934};
    private static final double PREDICT_MEAN = 0.8013921246211235, PREDICT_VAR = 0.16558099861007092;
    private static final double MLL = -8.892698935017819; // theta = (0.3, -2.0)

    @Test
    void posteriorMatchesNumpy() {
        var blr = BayesianLinearRegression.fit(PHI, 3, Y, 2.0, 10.0);
        assertArrayEquals(M, blr.weightMean(), 1e-14);
        assertArrayEquals(S, blr.weightCovariance(), 1e-15);
        var p = blr.predict(new double[] {0.25, -0.5, 0.75}, 0);
        assertEquals(PREDICT_MEAN, p.mean(), 1e-14);
        assertEquals(PREDICT_VAR, p.variance(), 1e-14);
    }

    @Test
    void predictionReadsAtAnOffsetAndFloorsTheVariance() {
        var blr = BayesianLinearRegression.fit(PHI, 3, Y, 2.0, 1e300);
        var p = blr.predict(new double[] {9, 9, 0, 0, 0}, 2);
        assertEquals(0, p.mean());
        assertEquals(BayesianLinearRegression.VARIANCE_FLOOR, p.variance());
    }

    @Test
    void blockedPredictionsAreTheQuadraticFormRowByRow() {
        // 11 rows (two blocks of four and three left over) of 7 basis values against the plain sums
        int d = 7, rows = 11, n = 20;
        var random = new java.util.Random(3);
        double[] phi = new double[n * d], y = new double[n], x = new double[2 + rows * d];
        for (int i = 0; i < phi.length; i++) phi[i] = random.nextGaussian();
        for (int i = 0; i < n; i++) y[i] = random.nextDouble();
        for (int i = 0; i < x.length; i++) x[i] = random.nextGaussian();
        var blr = BayesianLinearRegression.fit(phi, d, y, 0.5, 20.0);
        double[] m = blr.weightMean(), s = blr.weightCovariance(), mean = new double[rows + 1], variance = new double[rows + 1];
        blr.predict(x, 2, rows, mean, variance, 1);
        for (int r = 0; r < rows; r++) {
            double mu = 0, quad = 0;
            for (int i = 0; i < d; i++) {
                mu += m[i] * x[2 + r * d + i];
                for (int j = 0; j < d; j++) quad += x[2 + r * d + i] * s[i * d + j] * x[2 + r * d + j];
            }
            assertEquals(mu, mean[1 + r], 1e-13, "mean of row " + r);
            assertEquals(1 / 20.0 + quad, variance[1 + r], 1e-13, "variance of row " + r);
            var one = blr.predict(x, 2 + r * d);
            assertEquals(mean[1 + r], one.mean(), 0, "one row as a block of one");
            assertEquals(variance[1 + r], one.variance(), 0);
        }
        assertEquals(0, mean[0], "nothing written before at");
    }

    @Test
    void pybnnLikelihoodMatchesNumpyWithItsNonSquaredNorm() {
        var evidence = new BayesianLinearRegression.Evidence(new BayesianLinearRegression.Design(PHI, 3, Y));
        assertEquals(MLL, evidence.logLikelihood(new double[] {0.3, -2.0}), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, evidence.logLikelihood(new double[] {10.5, 0}));
        assertEquals(Double.NEGATIVE_INFINITY, evidence.logLikelihood(new double[] {0, -11}));
        assertEquals(-1e25, evidence.logLikelihood(new double[] {Double.NaN, 0}));
    }

    @Test
    void determinantOverflowsLikeNumpys() {
        // det of 1e3 I (200 x 200) = 1e600: NumPy's sign * exp(logdet) gives inf
        int n = 200;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) a[i * n + i] = 1e3;
        assertEquals(Double.POSITIVE_INFINITY, new LuDecomposition(a, n).determinant());
        assertEquals(-6.0, new LuDecomposition(new double[] {0, 2, 3, 0}, 2).determinant(), 1e-15);
    }
}
