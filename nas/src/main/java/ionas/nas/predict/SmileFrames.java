package ionas.nas.predict;

import smile.data.DataFrame;

/** The data frames Smile's tree models fit and predict from: columns {@code x0..x{dim-1}} and the target last. */
final class SmileFrames {
    /** The target column's name, which the models' formulas name. */
    static final String TARGET = "y";

    private SmileFrames() {}

    /** The column names: the features, then {@link #TARGET}. */
    static String[] names(int dim) {
        String[] names = new String[dim + 1];
        for (int d = 0; d < dim; d++) names[d] = "x" + d;
        names[dim] = TARGET;
        return names;
    }

    /** A frame of {@code x} with {@code y} as the last column (zeros where only predictions are wanted: Smile ignores it then). */
    static DataFrame withTarget(double[][] x, double[] y, String[] names) {
        int dim = names.length - 1;
        double[][] rows = new double[x.length][dim + 1];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, rows[i], 0, dim);
            rows[i][dim] = y[i];
        }
        return DataFrame.of(rows, names);
    }
}
