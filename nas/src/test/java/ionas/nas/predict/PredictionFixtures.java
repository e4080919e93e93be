package ionas.nas.predict;

import ionas.nas.search.SearchTable;
import java.util.SplittableRandom;

/** Synthetic tables whose accuracy is a known smooth function of the embedding. */
final class PredictionFixtures {
    private PredictionFixtures() {}

    /** As {@link #tanhTable(int, long, boolean, int)} with two relevant coordinates and 14 distractors. */
    static SearchTable tanhTable(int n, long seed, boolean withTest) {
        return tanhTable(n, seed, withTest, 2);
    }

    /**
     * {@code n} cells with 16-d embeddings uniform in [-1, 1]; validation accuracy
     * {@code 0.8 + 0.1 tanh(w . x)} where only the first {@code relevant} weights are non-zero
     * (fixed random magnitudes, {@code |w| ~ 2}); test accuracy 0.005 lower (or NaN when
     * {@code withTest} is false); time 1.
     */
    static SearchTable tanhTable(int n, long seed, boolean withTest, int relevant) {
        int dim = 16;
        double[] w = new double[dim];
        SplittableRandom wr = new SplittableRandom(99);
        for (int d = 0; d < relevant; d++) w[d] = (wr.nextBoolean() ? 1 : -1) * (0.5 + wr.nextDouble()) * 2 / Math.sqrt(relevant);
        SplittableRandom r = new SplittableRandom(seed);
        float[] e = new float[n * dim];
        double[] v = new double[n], t = new double[n], time = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                e[i * dim + d] = (float) (2 * r.nextDouble() - 1);
                s += w[d] * e[i * dim + d];
            }
            v[i] = 0.8 + 0.1 * Math.tanh(s);
            t[i] = withTest ? v[i] - 0.005 : Double.NaN;
            time[i] = 1;
        }
        return SearchTable.of(e, dim, v, t, time);
    }
}
