package ionas.nas.search;

import java.util.List;

/**
 * Summaries of many runs of one search: the mean regret curve and the final regret per run.
 *
 * <p>{@link #byQuery} is arch2vec's convention ({@code plot_reinforce_search_arch2vec.py}, spec
 * 3.9 and 4.2): truncate every trace to the shortest, average runtime and regrets per query index,
 * keep the indices whose mean runtime is at most 1e6 s. {@link #onTimeGrid} averages the regret in
 * force at fixed times instead (a step function per run), which does not mix runs at different
 * times; {@link #logGrid} gives the usual log-spaced times.
 */
public final class SearchCurves {
    private SearchCurves() {}

    /** arch2vec's reporting cut (the paper's budget). */
    public static final double PAPER_TIME = 1e6;

    /** Mean curves: at {@code time[k]}, the mean validation and test regret over {@code runs} runs. */
    public record MeanCurve(double[] time, double[] validRegret, double[] testRegret, int runs) {
        public int length() {
            return time.length;
        }
    }

    /** arch2vec's curve: per query index the mean runtime and regrets, indices with mean runtime &lt;= {@code maxMeanTime}. */
    public static MeanCurve byQuery(List<Trace> traces, double maxMeanTime) {
        if (traces.isEmpty()) throw new IllegalArgumentException("no runs to average");
        int len = traces.stream().mapToInt(Trace::length).min().orElseThrow();
        double[] t = new double[len], v = new double[len], te = new double[len];
        int kept = 0;
        for (int k = 0; k < len; k++) {
            double st = 0, sv = 0, ste = 0;
            for (Trace tr : traces) {
                st += tr.runtime()[k];
                sv += tr.regretValid()[k];
                ste += tr.regretTest()[k];
            }
            int n = traces.size();
            if (st / n > maxMeanTime) break; // mean runtime grows with k
            t[kept] = st / n;
            v[kept] = sv / n;
            te[kept] = ste / n;
            kept++;
        }
        return new MeanCurve(java.util.Arrays.copyOf(t, kept), java.util.Arrays.copyOf(v, kept), java.util.Arrays.copyOf(te, kept), traces.size());
    }

    /** The mean over runs of the regret in force at each time (runs with no query by then are left out of that mean). */
    public static MeanCurve onTimeGrid(List<Trace> traces, double[] times) {
        double[] v = new double[times.length], te = new double[times.length];
        for (int k = 0; k < times.length; k++) {
            double sv = 0, ste = 0;
            int n = 0;
            for (Trace tr : traces) {
                double rv = tr.validRegretAt(times[k]);
                if (Double.isNaN(rv)) continue;
                sv += rv;
                ste += tr.testRegretAt(times[k]);
                n++;
            }
            v[k] = n == 0 ? Double.NaN : sv / n;
            te[k] = n == 0 ? Double.NaN : ste / n;
        }
        return new MeanCurve(times.clone(), v, te, traces.size());
    }

    /** {@code points} times spaced evenly in log between {@code from} and {@code to} (both included). */
    public static double[] logGrid(double from, double to, int points) {
        if (!(from > 0) || !(to >= from) || points < 2) throw new IllegalArgumentException("log grid needs 0 < from <= to and >= 2 points");
        double[] g = new double[points];
        double a = Math.log10(from), b = Math.log10(to);
        for (int i = 0; i < points; i++) g[i] = Math.pow(10, a + (b - a) * i / (points - 1));
        g[0] = from;
        g[points - 1] = to;
        return g;
    }

    /** Per run, the test regret at the first query past {@code time} (arch2vec's CDF, {@code plot_cdf.py}, time 1e6). */
    public static double[] finalTestRegrets(List<Trace> traces, double time) {
        return traces.stream().mapToDouble(t -> t.testRegretAfter(time)).toArray();
    }

    /** As {@link #finalTestRegrets}, for the validation regret (the tables without test accuracies). */
    public static double[] finalValidRegrets(List<Trace> traces, double time) {
        return traces.stream().mapToDouble(t -> t.validRegretAfter(time)).toArray();
    }
}
