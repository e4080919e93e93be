package ionas.nas.proxies;

import ionas.nas.iomodel.Bootstrap;
import ionas.nas.numeric.Correlation;
import ionas.nas.random.NumpyRandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;

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

    /** {@link #of(List, Map)} with {@code resamples} bootstrap resamples drawn from {@code seed}. */
    public static List<ProxyCorrelation> of(List<ProxyRow> rows, Map<String, Double> accuracy, int resamples, long seed) {
        List<ProxyCorrelation> out = new ArrayList<>();
        for (String name : Proxies.names()) correlation(name, rows, accuracy::get, resamples, seed).ifPresent(out::add);
        return out;
    }

    /**
     * How well the scores of {@code rows} keep the ranking that the same proxy gives in {@code reference}
     * (the cheap version, stem 16, against the full one, stem 128): for every proxy, rho and tau
     * between its scores in the two, over the cells both have.
     */
    public static List<ProxyCorrelation> agreement(List<ProxyRow> rows, List<ProxyRow> reference) {
        Map<String, ProxyRow> ref = new HashMap<>();
        for (ProxyRow r : reference) ref.put(r.hash(), r);
        List<ProxyCorrelation> out = new ArrayList<>();
        for (String name : Proxies.names()) {
            Function<String, Double> target = h -> {
                ProxyRow r = ref.get(h);
                return r == null || !Double.isFinite(r.score(name)) ? null : r.score(name);
            };
            correlation(name, rows, target, RESAMPLES, SEED).ifPresent(out::add);
        }
        return out;
    }

    /** rho and tau of proxy {@code name}'s finite scores against {@code target} (null: the cell is left out), if 3 cells or more remain. */
    private static Optional<ProxyCorrelation> correlation(String name, List<ProxyRow> rows, Function<String, Double> target, int resamples, long seed) {
        List<double[]> pairs = new ArrayList<>();
        for (ProxyRow r : rows) {
            Double t = target.apply(r.hash());
            double s = r.score(name);
            if (t != null && Double.isFinite(s)) pairs.add(new double[] {s, t});
        }
        if (pairs.size() < 3) return Optional.empty();
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray(), y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        double[][] boot = bootstrap(x, y, resamples, seed);
        return Optional.of(new ProxyCorrelation(name, x.length,
                Correlation.spearman(x, y), Bootstrap.percentile(boot[0], 2.5), Bootstrap.percentile(boot[0], 97.5),
                Correlation.kendall(x, y), Bootstrap.percentile(boot[1], 2.5), Bootstrap.percentile(boot[1], 97.5)));
    }

    /**
     * Sorted rho (row 0) and tau (row 1) of {@code resamples} resamples of the pairs, without the
     * resamples where they are undefined (all cells drawn with the same score: likely only for a
     * handful of cells).
     */
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
        return new double[][] {finiteSorted(out[0]), finiteSorted(out[1])};
    }

    private static double[] finiteSorted(double[] v) {
        double[] f = Arrays.stream(v).filter(Double::isFinite).toArray();
        Arrays.sort(f);
        return f.length > 0 ? f : new double[] {Double.NaN};
    }

    /** The CSV: proxy, cells, rho and its interval, tau and its interval, the published |rho| (empty where none). */
    public static String toCsv(List<ProxyCorrelation> rows) {
        return toCsv(rows, true);
    }

    /** The CSV, with the published |rho| or (for an {@link #agreement}, where it does not apply) without. */
    public static String toCsv(List<ProxyCorrelation> rows, boolean published) {
        StringBuilder b = new StringBuilder("proxy,cells,spearman,spearman_low,spearman_high,kendall,kendall_low,kendall_high"
                + (published ? ",published_abs_spearman" : "") + "\n");
        for (ProxyCorrelation c : rows) {
            OptionalDouble pub = PublishedCorrelations.absSpearman(c.proxy());
            b.append(String.join(",", c.proxy(), Integer.toString(c.cells()), num(c.spearman()), num(c.spearmanLow()), num(c.spearmanHigh()),
                    num(c.kendall()), num(c.kendallLow()), num(c.kendallHigh())));
            if (published) b.append(',').append(pub.isPresent() ? num(pub.getAsDouble()) : "");
            b.append('\n');
        }
        return b.toString();
    }

    /** A markdown table of the same, intervals in brackets, to 3 decimals. */
    public static String toMarkdown(List<ProxyCorrelation> rows) {
        return toMarkdown(rows, true);
    }

    /** The markdown table, with the published |rho| or (for an {@link #agreement}) without. */
    public static String toMarkdown(List<ProxyCorrelation> rows, boolean published) {
        StringBuilder b = new StringBuilder("| proxy | cells | Spearman's rho [95% CI] | Kendall's tau [95% CI] |"
                + (published ? " published abs(rho) |\n|---|---:|---|---|---:|\n" : "\n|---|---:|---|---|\n"));
        for (ProxyCorrelation c : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] |", c.proxy(), c.cells(),
                    c.spearman(), c.spearmanLow(), c.spearmanHigh(), c.kendall(), c.kendallLow(), c.kendallHigh()));
            if (published) {
                OptionalDouble pub = PublishedCorrelations.absSpearman(c.proxy());
                b.append(' ').append(pub.isPresent() ? String.format(Locale.ROOT, "%.2f", pub.getAsDouble()) : "-").append(" |");
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
