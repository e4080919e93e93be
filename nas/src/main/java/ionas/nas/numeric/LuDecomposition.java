package ionas.nas.numeric;

import ionas.kernels.cpu.RowUpdate;

/**
 * LU factorisation with partial pivoting of a square matrix, the route NumPy's {@code inv} and
 * {@code det} take through LAPACK's {@code getrf}; pybnn's likelihood uses both.
 */
public final class LuDecomposition {
    private final int n;
    private final double[] lu; // row-major, L below the diagonal (unit diagonal), U on and above
    private final int[] pivot;
    private final boolean singular;
    private final int sign;

    /** Factorises {@code a} ({@code n x n}, row-major, not modified). */
    public LuDecomposition(double[] a, int n) {
        if (a.length != n * n) throw new IllegalArgumentException("expected " + n * n + " entries, got " + a.length);
        this.n = n;
        lu = a.clone();
        pivot = new int[n];
        int s = 1;
        boolean zeroPivot = false;
        for (int i = 0; i < n; i++) pivot[i] = i;
        for (int k = 0; k < n; k++) {
            int p = k;
            double max = Math.abs(lu[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(lu[i * n + k]);
                if (v > max) {
                    max = v;
                    p = i;
                }
            }
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = lu[k * n + j];
                    lu[k * n + j] = lu[p * n + j];
                    lu[p * n + j] = t;
                }
                int t = pivot[k];
                pivot[k] = pivot[p];
                pivot[p] = t;
                s = -s;
            }
            double d = lu[k * n + k];
            if (d == 0) {
                zeroPivot = true;
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double f = lu[i * n + k] /= d;
                if (f == 0) continue;
                RowUpdate.subtractScaled(lu, i * n + k + 1, f, lu, k * n + k + 1, n - k - 1);
            }
        }
        singular = zeroPivot;
        sign = s;
    }

    public boolean singular() {
        return singular;
    }

    /** {@code det} as NumPy returns it: {@code sign * exp(log|det|)}, so it overflows to infinity rather than failing. */
    public double determinant() {
        if (singular) return 0;
        int s = sign;
        for (int i = 0; i < n; i++) if (lu[i * n + i] < 0) s = -s;
        return s * Math.exp(logAbsDeterminant());
    }

    /**
     * {@code log|det|}, the second value of NumPy's {@code slogdet}, which stays finite where the
     * determinant itself overflows (NASWOT's kernels have determinants far beyond 1e308);
     * {@code -inf} for a singular matrix.
     */
    public double logAbsDeterminant() {
        if (singular) return Double.NEGATIVE_INFINITY;
        double logAbs = 0;
        for (int i = 0; i < n; i++) logAbs += Math.log(Math.abs(lu[i * n + i]));
        return logAbs;
    }

    /** {@code x} with {@code A x = b}. */
    public double[] solve(double[] b) {
        if (singular) throw new ArithmeticException("singular matrix");
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = b[pivot[i]];
        for (int i = 0; i < n; i++) {
            double s = x[i];
            for (int j = 0; j < i; j++) s -= lu[i * n + j] * x[j];
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= lu[i * n + j] * x[j];
            x[i] = s / lu[i * n + i];
        }
        return x;
    }

    /** {@code A^-1}, row-major. */
    public double[] inverse() {
        double[] inv = new double[n * n];
        double[] e = new double[n];
        for (int j = 0; j < n; j++) {
            e[j] = 1;
            double[] col = solve(e);
            e[j] = 0;
            for (int i = 0; i < n; i++) inv[i * n + j] = col[i];
        }
        return inv;
    }
}
