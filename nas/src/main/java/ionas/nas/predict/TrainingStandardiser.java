package ionas.nas.predict;

/**
 * Per-feature standardisation whose mean and standard deviation come from the training cells
 * only, so that nothing about the test cells leaks into the fit. Non-finite values are left out
 * of the statistics and become 0 (the training mean) in the output; a feature constant on the
 * training cells is only centred.
 */
public final class TrainingStandardiser {
    private final double[] mean, std;

    private TrainingStandardiser(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** The statistics of {@code training} (one row per cell, at least one row). */
    public static TrainingStandardiser fit(double[][] training) {
        int dim = training[0].length;
        double[] mean = new double[dim], std = new double[dim];
        for (int d = 0; d < dim; d++) {
            double s = 0, ss = 0;
            int n = 0;
            for (double[] row : training) {
                if (Double.isFinite(row[d])) {
                    s += row[d];
                    n++;
                }
            }
            mean[d] = n > 0 ? s / n : 0;
            for (double[] row : training) if (Double.isFinite(row[d])) ss += (row[d] - mean[d]) * (row[d] - mean[d]);
            double sd = n > 0 ? Math.sqrt(ss / n) : 0;
            std[d] = sd > 0 ? sd : 1;
        }
        return new TrainingStandardiser(mean, std);
    }

    /** {@code x} standardised (a new array). */
    public double[][] apply(double[][] x) {
        double[][] z = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            z[i] = new double[x[i].length];
            for (int d = 0; d < z[i].length; d++) z[i][d] = Double.isFinite(x[i][d]) ? (x[i][d] - mean[d]) / std[d] : 0;
        }
        return z;
    }
}
