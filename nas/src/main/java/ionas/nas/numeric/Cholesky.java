package ionas.nas.numeric;

/** The Cholesky factor {@code L} of a symmetric positive definite matrix, {@code A = L L^T}. */
public final class Cholesky {
    private final int n;
    private final double[] l; // row-major, lower triangle

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * Factorises {@code a} ({@code n x n}, row-major; only the lower triangle is read) in place:
     * {@code a} becomes the factor. Null when it is not positive definite.
     */
    public static Cholesky ofInPlace(double[] a, int n) {
        double[] l = a;
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double d = l[rj + j];
            for (int k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
            if (!(d > 0)) return null;
            double ljj = Math.sqrt(d);
            l[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                double s = l[ri + j];
                for (int k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
                l[ri + j] = s / ljj;
            }
        }
        return new Cholesky(n, l);
    }

    /** {@code x} with {@code A x = b}. */
    public double[] solve(double[] b) {
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {
            double s = x[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * x[k];
            x[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
            x[i] = s / l[i * n + i];
        }
        return x;
    }

    /** {@code ln det A = 2 sum ln L_ii}. */
    public double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.log(l[i * n + i]);
        return 2 * s;
    }
}
