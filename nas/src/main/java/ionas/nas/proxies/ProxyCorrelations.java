package ionas.nas.proxies;

import ionas.nas.iomodel.Bootstrap;
import ionas.nas.numeric.Correlation;
import ionas.nas.random.NumpyRandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Spearman's rho and Kendall's tau of every proxy's scores against accuracy, with percentile
 * bootstrap intervals (cells drawn with replacement, NumPy's generator), and their table.
 */
public final class ProxyCorrelations {
    /** Bootstrap resamples and seed of {@link #of(List, Map)}. */
    public static final int RESAMPLES = 1000;
    public static final long SEED = 0;

    private ProxyCorrelations() {}

    /**
     * One correlation per proxy that has a finite score on at least 3 of the rows' cells with an
     * accuracy in {@code accuracy} (rows of other cells are left out).
     */
    public static List<ProxyCorrelation> of(List<ProxyRow> rows, Map<String, Double> accuracy) {
        return of(rows, accuracy, RESAMPLES, SEED);
    }

    public static List<ProxyCorrelation> of(List<ProxyRow> rows, Map<String, Double> accuracy, int resamples, long seed) {
        List<ProxyCorrelation> out = new ArrayList<>();
        for (String name : Proxies.names()) {
            List<double[]> pairs = new ArrayList<>();
            for (ProxyRow r : rows) {
                Double acc = accuracy.get(r.hash());
                double s = r.score(name);
                if (acc != null && Double.isFinite(s)) pairs.add(new double[] {s, acc});
            }
            if (pairs.size() < 3) continue;
            double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray(), y = pairs.stream().mapToDouble(p -> p[1]).toArray();
            double[][] boot = bootstrap(x, y, resamples, seed);
            out.add(new ProxyCorrelation(name, x.length,
                    Correlation.spearman(x, y), Bootstrap.percentile(boot[0], 2.5), Bootstrap.percentile(boot[0], 97.5),
                    Correlation.kendall(x, y), Bootstrap.percentile(boot[1], 2.5), Bootstrap.percentile(boot[1], 97.5)));
        }
        return out;
    }

    /** Sorted rho (row 0) and tau (row 1) of {@code resamples} resamples of the pairs. */
    private static double[][] bootstrap(double[] x, double[] y, int resamples, long seed) {
        int n = x.length;
        NumpyRandomState rs = new NumpyRandomState(seed);
        double[][] out = new double[2][resamples];
        double[] bx = new double[n], by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int k = (int) rs.interval(n - 1);
                bx[i] = x[k];
                by[i] = y[k];
            }
            out[0][r] = Correlation.spearman(bx, by);
            out[1][r] = Correlation.kendall(bx, by);
        }
        Arrays.sort(out[0]);
        Arrays.sort(out[1]);
        return out;
    }

    /** The CSV: proxy, cells, rho and its interval, tau and its interval, the published |rho| (empty where none). */
    public static String toCsv(List<ProxyCorrelation> rows) {
        StringBuilder b = new StringBuilder("proxy,cells,spearman,spearman_low,spearman_high,kendall,kendall_low,kendall_high,published_abs_spearman\n");
        for (ProxyCorrelation c : rows) {
            OptionalDouble pub = PublishedCorrelations.absSpearman(c.proxy());
            b.append(String.join(",", c.proxy(), Integer.toString(c.cells()), num(c.spearman()), num(c.spearmanLow()), num(c.spearmanHigh()),
                    num(c.kendall()), num(c.kendallLow()), num(c.kendallHigh()), pub.isPresent() ? num(pub.getAsDouble()) : "")).append('\n');
        }
        return b.toString();
    }

    /** A markdown table of the same, intervals in brackets, to 3 decimals. */
    public static String toMarkdown(List<ProxyCorrelation> rows) {
        StringBuilder b = new StringBuilder("| proxy | cells | Spearman's rho [95% CI] | Kendall's tau [95% CI] | published abs(rho) |\n|---|---:|---|---|---:|\n");
        for (ProxyCorrelation c : rows) {
            OptionalDouble pub = PublishedCorrelations.absSpearman(c.proxy());
            b.append(String.format(Locale.ROOT, "| %s | %d | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %s |%n", c.proxy(), c.cells(),
                    c.spearman(), c.spearmanLow(), c.spearmanHigh(), c.kendall(), c.kendallLow(), c.kendallHigh(),
                    pub.isPresent() ? String.format(Locale.ROOT, "%.2f", pub.getAsDouble()) : "-"));
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
