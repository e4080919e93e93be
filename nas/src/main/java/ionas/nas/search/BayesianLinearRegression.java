package ionas.nas.search;

import ionas.kernels.cpu.QuadraticForms;
import ionas.nas.numeric.LuDecomposition;

/**
 * Bayesian linear regression on fixed basis functions, as pybnn's {@code BayesianLinearRegression}
 * with {@code basis_func=None} (no bias column; Bishop, PRML 3.3): prior {@code w ~ N(0, I/alpha)},
 * noise precision {@code beta}, posterior {@code S = (beta Phi^T Phi + alpha I)^-1},
 * {@code m = beta S Phi^T y}; the prediction at {@code phi} has mean {@code m^T phi} and variance
 * {@code 1/beta + phi^T S phi}, clipped below at the double epsilon as pybnn does.
 *
 * <p>{@link Evidence} is pybnn's DNGO marginal log-likelihood, quirks included.
 */
public final class BayesianLinearRegression {
    /** NumPy's {@code finfo(float64).eps}, pybnn's floor for a predicted variance. */
    public static final double VARIANCE_FLOOR = Math.ulp(1.0);

    private final int dim;
    private final double alpha, beta;
    private final double[] mean;       // m, dim
    private final double[] covariance; // S, dim x dim row-major

    /** A predictive mean and variance. */
    public record Prediction(double mean, double variance) {}

    private BayesianLinearRegression(int dim, double alpha, double beta, double[] mean, double[] covariance) {
        this.dim = dim;
        this.alpha = alpha;
        this.beta = beta;
        this.mean = mean;
        this.covariance = covariance;
    }

    /**
     * The posterior for the design {@code phi} ({@code n x dim}, row-major) and targets {@code y}.
     *
     * @param alpha the weights' prior precision
     * @param beta the noise precision
     */
    public static BayesianLinearRegression fit(double[] phi, int dim, double[] y, double alpha, double beta) {
        Design design = new Design(phi, dim, y);
        LuDecomposition lu = new LuDecomposition(design.precision(alpha, beta), dim);
        if (lu.singular()) throw new ArithmeticException("beta Phi^T Phi + alpha I is singular (alpha " + alpha + ", beta " + beta + ")");
        double[] s = lu.inverse();
        double[] m = new double[dim];
        for (int i = 0; i < dim; i++) {
            double acc = 0;
            for (int j = 0; j < dim; j++) acc += s[i * dim + j] * design.phiTy[j];
            m[i] = beta * acc;
        }
        return new BayesianLinearRegression(dim, alpha, beta, m, s);
    }

    public int dim() {
        return dim;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    /** The posterior mean of the weights (a copy). */
    public double[] weightMean() {
        return mean.clone();
    }

    /** The posterior covariance of the weights, row-major (a copy). */
    public double[] weightCovariance() {
        return covariance.clone();
    }

    /** The prediction for basis values {@code phi[offset .. offset + dim)}. */
    public Prediction predict(double[] phi, int offset) {
        double[] mu = new double[1], variance = new double[1];
        predict(phi, offset, 1, mu, variance, 0);
        return new Prediction(mu[0], variance[0]);
    }

    /**
     * The predictions for {@code rows} rows of basis values, row-major from {@code phi[offset]}, into
     * {@code mean[at..at + rows)} and {@code variance[at..at + rows)}: pybnn's {@code Phi m} and
     * {@code 1/beta + diag(Phi S Phi^T)}, the latter by {@link QuadraticForms} (DNGO predicts all
     * 15,625 NAS-Bench-201 cells before each query; a row at a time it was half of a search's time).
     */
    public void predict(double[] phi, int offset, int rows, double[] mean, double[] variance, int at) {
        QuadraticForms.rows(phi, offset, rows, covariance, dim, variance, at);
        for (int r = 0; r < rows; r++) {
            double mu = 0;
            for (int i = 0; i < dim; i++) mu += this.mean[i] * phi[offset + r * dim + i];
            mean[at + r] = mu;
            variance[at + r] = Math.max(1 / beta + variance[at + r], VARIANCE_FLOOR);
        }
    }

    /** The basis values of n points with their targets, and the products the likelihood needs. */
    static final class Design {
        final double[] phi, y, phiTphi, phiTy;
        final int n, dim;

        Design(double[] phi, int dim, double[] y) {
            if (dim <= 0 || phi.length != y.length * dim)
                throw new IllegalArgumentException(phi.length + " basis values do not make " + y.length + " rows of " + dim);
            this.phi = phi;
            this.y = y;
            this.dim = dim;
            n = y.length;
            phiTphi = new double[dim * dim];
            phiTy = new double[dim];
            for (int r = 0; r < n; r++) {
                int o = r * dim;
                for (int i = 0; i < dim; i++) {
                    double pi = phi[o + i];
                    phiTy[i] += pi * y[r];
                    for (int j = i; j < dim; j++) phiTphi[i * dim + j] += pi * phi[o + j];
                }
            }
            for (int i = 0; i < dim; i++) for (int j = 0; j < i; j++) phiTphi[i * dim + j] = phiTphi[j * dim + i];
        }

        /** {@code K = beta Phi^T Phi + alpha I}. */
        double[] precision(double alpha, double beta) {
            double[] k = new double[dim * dim];
            for (int i = 0; i < k.length; i++) k[i] = beta * phiTphi[i];
            for (int i = 0; i < dim; i++) k[i * dim + i] += alpha;
            return k;
        }
    }

    /**
     * pybnn's {@code DNGO.marginal_log_likelihood(theta)} with {@code theta = (ln alpha, ln sigma^2)},
     * {@code alpha = e^theta0}, {@code beta = 1/e^theta1}:
     * <pre>
     * D/2 ln alpha + n/2 ln beta - n/2 ln 2 pi - beta/2 ||y - Phi m|| - alpha/2 m^T m - 1/2 ln(det K + 1e-10)
     * </pre>
     * with the residual norm <em>not</em> squared (pybnn's {@code np.linalg.norm(.., 2)}; Bishop's
     * evidence squares it), {@code det K} formed as {@code sign * exp(log|det|)} so that it
     * overflows to infinity like NumPy's, -infinity when some {@code |theta_i| > 10} (or is
     * infinite), and {@code -1e25} when the value is NaN. Deviation: where NumPy would find K
     * singular pybnn adds random jitter; here that case counts as NaN.
     */
    static final class Evidence {
        private static final double LOG_2PI = Math.log(2 * Math.PI);
        private final Design design;

        Evidence(Design design) {
            this.design = design;
        }

        double logLikelihood(double[] theta) {
            for (double t : theta) if (t == Double.POSITIVE_INFINITY || t < -10 || t > 10) return Double.NEGATIVE_INFINITY;
            double alpha = Math.exp(theta[0]), beta = 1 / Math.exp(theta[1]);
            int d = design.dim, n = design.n;
            LuDecomposition lu = new LuDecomposition(design.precision(alpha, beta), d);
            if (lu.singular()) return -1e25;
            double[] m = lu.solve(design.phiTy);
            for (int i = 0; i < d; i++) m[i] *= beta;
            double residual2 = 0;
            for (int r = 0; r < n; r++) {
                double fit = 0;
                for (int i = 0; i < d; i++) fit += design.phi[r * d + i] * m[i];
                double e = design.y[r] - fit;
                residual2 += e * e;
            }
            double mTm = 0;
            for (double v : m) mTm += v * v;
            double mll = d / 2.0 * Math.log(alpha) + n / 2.0 * Math.log(beta) - n / 2.0 * LOG_2PI
                    - beta / 2 * Math.sqrt(residual2) - alpha / 2 * mTm - 0.5 * Math.log(lu.determinant() + 1e-10);
            return Double.isNaN(mll) ? -1e25 : mll;
        }

        double negativeLogLikelihood(double[] theta) {
            return -logLikelihood(theta);
        }
    }
}
