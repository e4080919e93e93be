package ionas.nas.search;

import java.util.SplittableRandom;

/** Small synthetic tables for the search tests. */
final class SearchFixtures {
    private SearchFixtures() {}

    /**
     * {@code n} cells with embeddings uniform in [-2, 2]^dim; validation accuracy rises along the
     * first coordinate (0.95 + 0.02 x0), test = validation - 0.005, training time uniform in [0.5, 1.5].
     */
    static SearchTable slope(int n, int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] e = new float[n * dim];
        double[] v = new double[n], t = new double[n], time = new double[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < dim; d++) e[i * dim + d] = (float) (4 * r.nextDouble() - 2);
            v[i] = 0.95 + 0.02 * e[i * dim];
            t[i] = v[i] - 0.005;
            time[i] = 0.5 + r.nextDouble();
        }
        return SearchTable.of(e, dim, v, t, time);
    }
}
