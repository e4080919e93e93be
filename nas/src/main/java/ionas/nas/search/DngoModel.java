package ionas.nas.search;

import ionas.nas.numeric.NelderMead;
import ionas.nas.random.NumpyNormal;
import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.random.NumpyRandomState;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.Adam;
import ionas.tensor.Generator;

/**
 * One fit of pybnn's {@code DNGO(num_epochs=100, n_units=128, do_mcmc=False,
 * normalize_output=False, rng=seed)} as arch2vec builds it every BO round (spec 3.10):
 * <ol>
 * <li>inputs standardised per feature with the pool's mean and population standard deviation;</li>
 * <li>the {@link DngoNetwork} trained with Adam on the mean squared error, in minibatches of 10
 * taken in the order of {@code RandomState(seed).permutation(n)} drawn afresh each epoch from one
 * state created for this fit (pybnn's {@code rng.shuffle(arange(n))}), the incomplete last batch
 * dropped, one batch of all points when {@code n <= 10};</li>
 * <li>the basis {@code Phi = tanh(fc(X))}; hyper-parameters {@code theta0 = (N(0,1), N(-3,1))}
 * drawn from the same state after the shuffles ({@link NumpyNormal}), then {@link NelderMead} on
 * the negative {@link BayesianLinearRegression.Evidence}; {@code alpha = e^theta0},
 * {@code beta = e^-theta1};</li>
 * <li>{@link BayesianLinearRegression} on {@code Phi}; a prediction's variance is then passed
 * through DNGO's hyper-parameter average, {@code (mu^2 + var) - mu^2}, and clipped at epsilon.</li>
 * </ol>
 * The network runs in float32 like PyTorch's; the regression in double (pybnn mixes float32
 * basis values with float64 algebra).
 */
final class DngoModel {
    private final int dim;
    private final float[] inputMean, inputStd;
    private final DngoNetwork network;
    private final BayesianLinearRegression regression;
    private final double[] theta;

    private DngoModel(int dim, float[] inputMean, float[] inputStd, DngoNetwork network, BayesianLinearRegression regression,
                      double[] theta) {
        this.dim = dim;
        this.inputMean = inputMean;
        this.inputStd = inputStd;
        this.network = network;
        this.regression = regression;
        this.theta = theta;
    }

    /**
     * Fits the model to {@code x} ({@code n x dim}, row-major) and {@code y}.
     *
     * @param seed pybnn's {@code rng}: seeds the minibatch order and the hyper-parameters' start
     * @param init draws the network's initial weights
     */
    static DngoModel fit(float[] x, int dim, double[] y, int seed, Generator init, Dngo.Config config) {
        int n = y.length;
        float[] mean = new float[dim], std = new float[dim];
        for (int d = 0; d < dim; d++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[i * dim + d];
            double mu = s / n, ss = 0;
            for (int i = 0; i < n; i++) {
                double e = x[i * dim + d] - mu;
                ss += e * e;
            }
            mean[d] = (float) mu;
            std[d] = (float) Math.sqrt(ss / n);
        }
        float[] xs = standardise(x, 0, n, dim, mean, std);

        DngoNetwork net = new DngoNetwork(dim, config.hiddenUnits(), init);
        NumpyRandomState rng = new NumpyRandomState(Integer.toUnsignedLong(seed));
        train(net, xs, dim, y, rng, config);

        double[] phi;
        try (var scope = Autograd.noGrad()) {
            phi = net.basis(Tensor.of(xs, n, dim)).data().toDoubleArray();
        }
        int units = config.hiddenUnits();
        var evidence = new BayesianLinearRegression.Evidence(new BayesianLinearRegression.Design(phi, units, y));
        NumpyNormal prior = new NumpyNormal(rng);
        double[] theta0 = {prior.next(0, 1), prior.next(-3, 1)};
        double[] theta = NelderMead.minimize(evidence::negativeLogLikelihood, theta0).x();
        double alpha = Math.exp(theta[0]), beta = 1 / Math.exp(theta[1]);
        var blr = BayesianLinearRegression.fit(phi, units, y, alpha, beta);
        return new DngoModel(dim, mean, std, net, blr, theta);
    }

    private static void train(DngoNetwork net, float[] xs, int dim, double[] y, NumpyRandomState rng, Dngo.Config config) {
        int n = y.length;
        int batch = n <= config.batchSize() ? n : config.batchSize();
        Adam opt = new Adam(net.parameters(), config.learningRate());
        float[] bx = new float[batch * dim], by = new float[batch];
        try (var grad = Autograd.enableGrad()) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                int[] order = rng.permutation(n);
                for (int start = 0; start + batch <= n; start += batch) {
                    for (int b = 0; b < batch; b++) {
                        int i = order[start + b];
                        System.arraycopy(xs, i * dim, bx, b * dim, dim);
                        by[b] = (float) y[i];
                    }
                    Tensor loss = Losses.mse(net.forward(Tensor.of(bx.clone(), batch, dim)), Tensor.of(by.clone(), batch, 1),
                            Reduction.MEAN);
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                }
            }
        }
    }

    private static float[] standardise(float[] x, int from, int to, int dim, float[] mean, float[] std) {
        float[] out = new float[(to - from) * dim];
        for (int i = from; i < to; i++)
            for (int d = 0; d < dim; d++) out[(i - from) * dim + d] = (x[i * dim + d] - mean[d]) / std[d];
        return out;
    }

    /**
     * Predictive means and variances for rows {@code [from, to)} of {@code x} (row-major),
     * written to {@code mean[from..to)} and {@code variance[from..to)}.
     */
    void predict(float[] x, int from, int to, double[] mean, double[] variance) {
        double[] phi;
        try (var scope = Autograd.noGrad()) {
            phi = network.basis(Tensor.of(standardise(x, from, to, dim, inputMean, inputStd), to - from, dim)).data().toDoubleArray();
        }
        regression.predict(phi, 0, to - from, mean, variance, from);
        for (int i = from; i < to; i++) {
            double mu = mean[i];
            // DNGO averages over its (here single) hyper-parameter sample as E[mu^2 + var] - E[mu]^2
            double v = (mu * mu + variance[i]) - mu * mu;
            variance[i] = Math.max(v, BayesianLinearRegression.VARIANCE_FLOOR);
        }
    }

    /** The fitted {@code (ln alpha, ln sigma^2)}. */
    double[] theta() {
        return theta.clone();
    }

    BayesianLinearRegression regression() {
        return regression;
    }
}
