package ionas.nas.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    /** [[2, 1], [1, 2]] has eigenvalues 1 and 3; [[4, 1, 0], [1, 4, 1], [0, 1, 4]] has 4 - sqrt 2, 4, 4 + sqrt 2. */
    @Test
    void eigenvaluesOfSmallMatricesByHand() {
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.eigenvalues(new double[] {2, 1, 1, 2}, 2), 1e-14);
        assertArrayEquals(new double[] {4 - Math.sqrt(2), 4, 4 + Math.sqrt(2)},
                SymmetricEigen.eigenvalues(new double[] {4, 1, 0, 1, 4, 1, 0, 1, 4}, 3), 1e-13);
    }

    /** Q diag(d) Q^T for a random orthogonal Q (Gram-Schmidt) gives back d. */
    @Test
    void recoversTheSpectrumOfARandomSymmetricMatrix() {
        int n = 12;
        Random r = new Random(7);
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) q[i][j] = r.nextGaussian();
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += q[i][j] * q[k][j];
                for (int j = 0; j < n; j++) q[i][j] -= dot * q[k][j];
            }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += q[i][j] * q[i][j];
            for (int j = 0; j < n; j++) q[i][j] /= Math.sqrt(norm);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = i - 4.5; // distinct, of both signs, ascending
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++) a[i * n + j] += q[k][i] * d[k] * q[k][j];
        assertArrayEquals(d, SymmetricEigen.eigenvalues(a, n), 1e-12);
    }

    /** log|det| of diag(1e200, 1e200, -3) is 400 ln 10 + ln 3 while the determinant overflows. */
    @Test
    void logAbsDeterminantStaysFiniteWhereTheDeterminantOverflows() {
        double[] a = {1e200, 0, 0, 0, 1e200, 0, 0, 0, -3};
        LuDecomposition lu = new LuDecomposition(a, 3);
        assertEquals(400 * Math.log(10) + Math.log(3), lu.logAbsDeterminant(), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, lu.determinant());
        assertEquals(Math.log(6), new LuDecomposition(new double[] {0, 2, 3, 0}, 2).logAbsDeterminant(), 1e-15);
    }
}
