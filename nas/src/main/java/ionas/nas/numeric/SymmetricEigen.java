package ionas.nas.numeric;

import java.util.Arrays;

/**
 * The eigenvalues of a real symmetric matrix by cyclic Jacobi rotations: slow for large matrices
 * but simple and accurate to rounding for the small ones it is used on (jacob_cov's correlation
 * matrix, batch x batch), where NumPy calls LAPACK.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private SymmetricEigen() {}

    /** The eigenvalues of {@code a} ({@code n x n}, row-major, symmetric; not modified), ascending. */
    public static double[] eigenvalues(double[] a, int n) {
        if (a.length != n * n) throw new IllegalArgumentException("expected " + n * n + " entries, got " + a.length);
        double[] m = a.clone();
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i * n + i] * m[i * n + i];
                for (int j = i + 1; j < n; j++) off += m[i * n + j] * m[i * n + j];
            }
            if (off <= 1e-30 * diag || off == 0) break;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) continue;
                    rotate(m, n, p, q);
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) values[i] = m[i * n + i];
        Arrays.sort(values);
        return values;
    }

    /** One Jacobi rotation that zeroes {@code m[p][q]} and {@code m[q][p]} (Golub and Van Loan, 8.5.2). */
    private static void rotate(double[] m, int n, int p, int q) {
        double apq = m[p * n + q], app = m[p * n + p], aqq = m[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++) {
            double mkp = m[k * n + p], mkq = m[k * n + q];
            m[k * n + p] = c * mkp - s * mkq;
            m[k * n + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < n; k++) {
            double mpk = m[p * n + k], mqk = m[q * n + k];
            m[p * n + k] = c * mpk - s * mqk;
            m[q * n + k] = s * mpk + c * mqk;
        }
    }
}
