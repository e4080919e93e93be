package ionas.nas.arch2vec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import smile.manifold.TSNE;
import smile.math.MathEx;

/**
 * What arch2vec's paper shows of a latent space (its Figures 4 and 5): 2-d maps of a sample of
 * embeddings (PCA and t-SNE), and how the L2 distance between two embeddings grows with the edit
 * distance between their cells.
 */
public final class LatentMaps {
    private LatentMaps() {}

    /** The projection of {@code points} onto their first two principal components (centred; power iteration with deflation). */
    public static double[][] pca(float[][] points) {
        int n = points.length, d = points[0].length;
        double[] mean = new double[d];
        for (float[] p : points) for (int k = 0; k < d; k++) mean[k] += p[k] / (double) n;
        double[][] cov = new double[d][d];
        for (float[] p : points)
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] += (p[a] - mean[a]) * (p[b] - mean[b]) / n;
        double[][] axes = new double[2][];
        for (int c = 0; c < 2; c++) {
            axes[c] = principalAxis(cov);
            double lambda = quadratic(cov, axes[c]);
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] -= lambda * axes[c][a] * axes[c][b];
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 2; c++) for (int k = 0; k < d; k++) out[i][c] += (points[i][k] - mean[k]) * axes[c][k];
        return out;
    }

    /** The leading eigenvector of a symmetric positive semi-definite matrix, its largest entry positive (so that the map's orientation is fixed). */
    private static double[] principalAxis(double[][] m) {
        int d = m.length;
        double[] v = new double[d];
        for (int k = 0; k < d; k++) v[k] = 1 + 0.01 * k; // not orthogonal to any axis of interest in practice
        for (int it = 0; it < 1000; it++) {
            double[] w = new double[d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) w[a] += m[a][b] * v[b];
            double norm = Math.sqrt(dot(w, w));
            if (norm == 0) break;
            for (int k = 0; k < d; k++) w[k] /= norm;
            double change = 0;
            for (int k = 0; k < d; k++) change += Math.abs(w[k] - v[k]);
            v = w;
            if (change < 1e-12) break;
        }
        int big = 0;
        for (int k = 1; k < d; k++) if (Math.abs(v[k]) > Math.abs(v[big])) big = k;
        if (v[big] < 0) for (int k = 0; k < d; k++) v[k] = -v[k];
        return v;
    }

    private static double quadratic(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < v.length; a++) for (int b = 0; b < v.length; b++) s += v[a] * m[a][b] * v[b];
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    /** Smile's t-SNE of {@code points} to 2-d (perplexity 30, 1,000 iterations), its random start seeded by {@code seed}. */
    public static double[][] tsne(float[][] points, long seed) {
        double[][] x = new double[points.length][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[points[i].length];
            for (int k = 0; k < x[i].length; k++) x[i][k] = points[i][k];
        }
        MathEx.setSeed(seed);
        return TSNE.fit(x, new TSNE.Options(2, 30, 200, 12, 1000)).coordinates();
    }

    /** The L2 distances of the pairs of cells at one edit distance: their number, mean and standard deviation. */
    public record Distances(int editDistance, int pairs, double mean, double sd) {}

    /**
     * The L2 distance between the embeddings of {@code pairs} random pairs of distinct cells,
     * grouped by the pair's {@link Arch2VecEncoding#editDistance}, in increasing edit distance.
     */
    public static List<Distances> byEditDistance(float[][] points, Arch2VecEncoding[] cells, int pairs, long seed) {
        if (points.length != cells.length || points.length < 2)
            throw new IllegalArgumentException("latent distances: " + points.length + " embeddings and " + cells.length + " cells (need as many, at least 2)");
        int max = 2 * Arch2VecEncoding.NODES * Arch2VecEncoding.NODES;
        double[] sum = new double[max], sq = new double[max];
        int[] count = new int[max];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int p = 0; p < pairs; p++) {
            int i = rng.nextInt(points.length), j = rng.nextInt(points.length - 1);
            if (j >= i) j++;
            int e = cells[i].editDistance(cells[j]);
            double l2 = 0;
            for (int k = 0; k < points[i].length; k++) l2 += (points[i][k] - points[j][k]) * (double) (points[i][k] - points[j][k]);
            l2 = Math.sqrt(l2);
            sum[e] += l2;
            sq[e] += l2 * l2;
            count[e]++;
        }
        List<Distances> out = new ArrayList<>();
        for (int e = 0; e < max; e++) {
            if (count[e] == 0) continue;
            double mean = sum[e] / count[e];
            out.add(new Distances(e, count[e], mean, count[e] > 1 ? Math.sqrt(Math.max(0, (sq[e] - count[e] * mean * mean) / (count[e] - 1))) : 0));
        }
        return out;
    }
}
