package ionas.nas.predict;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nn.Sequential;
import ionas.nn.layers.Activation;
import ionas.nn.layers.Linear;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.Adam;
import ionas.tensor.Generator;
import java.util.SplittableRandom;

/**
 * A small multi-layer perceptron trained on the ionas engine: {@code hiddenLayers} ReLU layers of
 * {@code width} units and a linear output, fitted with Adam to the mean squared error in shuffled
 * minibatches. Inputs are standardised per feature and the target to zero mean and unit variance
 * with the training cells' statistics (accuracies near 0.9 with a spread of 0.01 would otherwise
 * leave the output layer's bias to do all the work); predictions are mapped back. The initial
 * weights come from a {@link Generator} and the batch order from a {@link SplittableRandom}, both
 * seeded with the fit's seed, so a fit is reproducible.
 */
public final class MlpRegressor implements Regressor {
    /**
     * @param width units per hidden layer
     * @param hiddenLayers how many hidden layers
     * @param epochs passes over the training cells
     * @param batchSize cells per minibatch (the last one of an epoch may be smaller)
     * @param learningRate Adam's step size
     * @param weightDecay Adam's L2 penalty
     */
    public record Options(int width, int hiddenLayers, int epochs, int batchSize, double learningRate, double weightDecay) {
        public Options {
            if (width < 1 || hiddenLayers < 1 || epochs < 1 || batchSize < 1)
                throw new IllegalArgumentException("invalid MLP options: width " + width + ", layers " + hiddenLayers + ", epochs " + epochs
                        + ", batch " + batchSize);
            if (!(learningRate > 0) || !(weightDecay >= 0))
                throw new IllegalArgumentException("invalid MLP learning rate " + learningRate + " or weight decay " + weightDecay);
        }
    }

    /** Two hidden layers of 64 units, 200 epochs of batches of 32, Adam at 1e-3 with weight decay 1e-4. */
    public static final Options DEFAULT = new Options(64, 2, 200, 32, 1e-3, 1e-4);

    private final Options options;

    public MlpRegressor(Options options) {
        this.options = options;
    }

    @Override
    public Fitted fit(double[][] x, double[] y, long seed) {
        int n = x.length, dim = x[0].length;
        TrainingStandardiser inputs = TrainingStandardiser.fit(x);
        double ym = 0, yss = 0;
        for (double v : y) ym += v / n;
        for (double v : y) yss += (v - ym) * (v - ym);
        double ysd = yss > 0 ? Math.sqrt(yss / n) : 1;
        float[] xs = flatten(inputs.apply(x), dim);
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) ys[i] = (float) ((y[i] - ym) / ysd);

        Generator init = new Generator(seed);
        Sequential net = new Sequential();
        for (int l = 0, in = dim; l < options.hiddenLayers(); l++, in = options.width())
            net.add(new Linear(in, options.width(), init)).add(Activation.relu());
        net.add(new Linear(options.width(), 1, init));
        train(net, xs, ys, dim, new SplittableRandom(seed));
        net.eval();
        double targetMean = ym, targetStd = ysd;
        return points -> {
            float[] out;
            try (var scope = Autograd.noGrad()) {
                out = net.forward(Tensor.of(flatten(inputs.apply(points), dim), points.length, dim)).data().toFloatArray();
            }
            double[] p = new double[points.length];
            for (int i = 0; i < p.length; i++) p[i] = targetMean + targetStd * out[i];
            return p;
        };
    }

    private void train(Sequential net, float[] xs, float[] ys, int dim, SplittableRandom random) {
        int n = ys.length, batch = Math.min(options.batchSize(), n);
        Adam adam = new Adam(net.parameters(), options.learningRate(), Adam.BETA1, Adam.BETA2, Adam.EPS, options.weightDecay());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        try (var grad = Autograd.enableGrad()) {
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                    int j = random.nextInt(i + 1), t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int start = 0; start < n; start += batch) {
                    int b = Math.min(batch, n - start);
                    float[] bx = new float[b * dim], by = new float[b];
                    for (int k = 0; k < b; k++) {
                        System.arraycopy(xs, order[start + k] * dim, bx, k * dim, dim);
                        by[k] = ys[order[start + k]];
                    }
                    Tensor loss = Losses.mse(net.forward(Tensor.of(bx, b, dim)), Tensor.of(by, b, 1), Reduction.MEAN);
                    adam.zeroGrad();
                    loss.backward();
                    adam.step();
                }
            }
        }
    }

    private static float[] flatten(double[][] x, int dim) {
        float[] out = new float[x.length * dim];
        for (int i = 0; i < x.length; i++) for (int d = 0; d < dim; d++) out[i * dim + d] = (float) x[i][d];
        return out;
    }

    @Override
    public String toString() {
        return "MlpRegressor(" + options + ")";
    }
}
