package ionas.nas.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spread over seeds of one regressor, target and training size: median, quartiles (NumPy's
 * default linear interpolation) and mean with the sample standard deviation (ddof 1) of RMSE, of
 * Pearson's r, and of Spearman's rho and Kendall's tau-b. Seeds whose correlation is NaN (a constant
 * prediction, or a result written before the rank measures) count for the other measures only.
 */
public record PredictionSummary(String regressor, PredictionTarget target, int trainSize, int seeds, Spread rmse,
                                Spread pearson, Spread spearman, Spread kendall) {
    /** Median, first and third quartile, mean and standard deviation of one measure. */
    public record Spread(double median, double q1, double q3, double mean, double std) {
        static Spread of(double[] values) {
            double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            double mean = Arrays.stream(v).average().orElseThrow(), ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            return new Spread(quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), mean,
                    v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : Double.NaN);
        }
    }

    /** {@code np.percentile(sorted, 100 q)} with linear interpolation. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** One summary per (regressor, target, size), in that order. */
    public static List<PredictionSummary> of(List<PredictionResult> results) {
        Map<String, List<PredictionResult>> groups = new TreeMap<>();
        for (PredictionResult r : results)
            groups.computeIfAbsent(r.regressor() + "\t" + r.target().ordinal() + "\t" + String.format("%09d", r.trainSize()), k -> new ArrayList<>())
                    .add(r);
        List<PredictionSummary> out = new ArrayList<>();
        for (List<PredictionResult> g : groups.values()) {
            PredictionResult first = g.getFirst();
            out.add(new PredictionSummary(first.regressor(), first.target(), first.trainSize(), g.size(),
                    Spread.of(g.stream().mapToDouble(PredictionResult::rmse).toArray()),
                    Spread.of(g.stream().mapToDouble(PredictionResult::pearson).toArray()),
                    Spread.of(g.stream().mapToDouble(PredictionResult::spearman).toArray()),
                    Spread.of(g.stream().mapToDouble(PredictionResult::kendall).toArray())));
        }
        return out;
    }
}
