package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.numeric.SymmetricEigen;
import ionas.nas.space.CellNetwork;
import ionas.tensor.NDArray;

/**
 * {@code jacob_cov} (Mellor et al. 2020's first score, as zero-cost-nas {@code jacob_cov.py}
 * computes it): J, the gradient of the sum of the network's outputs with respect to each input
 * image (one row per image), its correlation matrix's eigenvalues v, and the score
 * -sum(log(v + k) + 1 / (v + k)) with k = 1e-5. NaN where an eigenvalue is below -k (the log is
 * undefined), as NumPy gives.
 */
public final class JacobCov implements ZeroCostProxy {
    private static final double K = 1e-5;

    @Override
    public String name() {
        return "jacob_cov";
    }

    @Override
    public double score(ProxyInput input) {
        CellNetwork net = input.network().get();
        net.train(true);
        Tensor x = Tensor.of(input.images()).requiresGrad(true);
        Tensor y = net.forward(x);
        y.backward(NDArray.ones(y.shape()), false);
        int n = input.batch();
        double[] v = SymmetricEigen.eigenvalues(correlations(x.grad().toDoubleArray(), n), n);
        double score = 0;
        for (double e : v) score -= Math.log(e + K) + 1 / (e + K);
        return score;
    }

    /** NumPy's {@code corrcoef} of the {@code n} rows of {@code rows}: Pearson's r of every pair, row-major (n x n). */
    static double[] correlations(double[] rows, int n) {
        int d = rows.length / n;
        double[] centred = rows.clone(), norm = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < d; j++) mean += rows[i * d + j];
            mean /= d;
            double ss = 0;
            for (int j = 0; j < d; j++) {
                double c = centred[i * d + j] -= mean;
                ss += c * c;
            }
            norm[i] = Math.sqrt(ss);
        }
        double[] r = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += centred[i * d + j] * centred[k * d + j];
                double c = dot / (norm[i] * norm[k]);
                r[i * n + k] = r[k * n + i] = Math.max(-1, Math.min(1, c));
            }
        }
        return r;
    }
}
