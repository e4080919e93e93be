package ionas.nas.arch2vec;

import ionas.autograd.Tensor;

/**
 * The mean and (unbiased) standard deviation, per node position and latent dimension, of the
 * node means {@code mu (B, 7, 16)} of an epoch's training batches: where arch2vec draws its
 * decoder samples for validity and uniqueness ({@code z = randn(7, 16) * std + mean}, spec 3.7).
 * Sums are kept in double so the order of the batches hardly matters.
 */
public final class LatentStats {
    private final int width;
    private final double[] sum, sq;
    private long n;

    /** For {@code nodes x latent} values per cell. */
    public LatentStats(int nodes, int latent) {
        width = nodes * latent;
        sum = new double[width];
        sq = new double[width];
    }

    /** Adds the node means of one batch. */
    public void add(Tensor mu) {
        float[] v = mu.data().toFloatArray();
        for (int k = 0; k < v.length; k++) {
            int p = k % width;
            sum[p] += v[k];
            sq[p] += (double) v[k] * v[k];
        }
        n += v.length / width;
    }

    /** The number of cells added. */
    public long count() {
        return n;
    }

    public float[] mean() {
        float[] m = new float[width];
        for (int p = 0; p < width; p++) m[p] = n == 0 ? 0 : (float) (sum[p] / n);
        return m;
    }

    /** The unbiased standard deviation (0 with fewer than two cells). */
    public float[] std() {
        float[] s = new float[width];
        for (int p = 0; p < width; p++) {
            double m = n == 0 ? 0 : sum[p] / n;
            s[p] = n > 1 ? (float) Math.sqrt(Math.max(0, (sq[p] - n * m * m) / (n - 1))) : 0f;
        }
        return s;
    }
}
