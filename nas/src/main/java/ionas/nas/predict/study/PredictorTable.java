package ionas.nas.predict.study;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's summary: for each encoding, regressor and training size, the mean and standard
 * error (sample standard deviation over the seeds / sqrt(seeds)) of every metric, as CSV and as
 * markdown (one table per size, a row per encoding x regressor).
 */
public final class PredictorTable {
    /** The file names the study writes the table to, in its folder. */
    public static final String CSV_FILE = "table.csv", MARKDOWN_FILE = "table.md";

    /** A metric of {@link PredictorFit}, with its column name and how the markdown prints it. */
    public enum Metric {
        RMSE("rmse", "RMSE", "%.4f", PredictorFit::rmse),
        PEARSON("pearson", "Pearson r", "%.3f", PredictorFit::pearson),
        SPEARMAN("spearman", "Spearman rho", "%.3f", PredictorFit::spearman),
        KENDALL("kendall", "Kendall tau", "%.3f", PredictorFit::kendall),
        PRECISION_TOP1("precision_top1", "precision@1%", "%.3f", PredictorFit::precisionTop1),
        FIT_SECONDS("fit_seconds", "fit s", "%.2f", PredictorFit::fitSeconds),
        QUERY_SECONDS("query_seconds", "query s", "%.2f", PredictorFit::querySeconds);

        private final String column, title, format;
        private final ToDoubleFunction<PredictorFit> value;

        Metric(String column, String title, String format, ToDoubleFunction<PredictorFit> value) {
            this.column = column;
            this.title = title;
            this.format = format;
            this.value = value;
        }

        public double of(PredictorFit f) {
            return value.applyAsDouble(f);
        }

        public String column() {
            return column;
        }

        /** How tables title this metric. */
        public String title() {
            return title;
        }

        /** {@code value} as tables print it. */
        public String format(double value) {
            return String.format(Locale.ROOT, format, value);
        }
    }

    /**
     * A metric's mean and standard error over the {@code count} seeds where it is defined (the
     * error is NaN for one). A correlation is undefined (NaN) for a fit that predicts one value
     * for every cell, which a GP on 10 or 25 binary-encoded cells can do: such a fit ranks
     * nothing, and the table says how many seeds are left.
     */
    public record Estimate(double mean, double standardError, int count) {
        static Estimate of(double[] all) {
            double[] v = Arrays.stream(all).filter(Double::isFinite).toArray();
            if (v.length == 0) return new Estimate(Double.NaN, Double.NaN, 0);
            double m = 0;
            for (double x : v) m += x / v.length;
            double ss = 0;
            for (double x : v) ss += (x - m) * (x - m);
            return new Estimate(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : Double.NaN, v.length);
        }
    }

    /**
     * One row: the estimates of every {@link Metric}, in its order.
     *
     * @param seeds how many fits the row summarises
     * @param testCells the cells each fit predicted (the fewest, should the fits differ)
     */
    public record Row(String encoding, String regressor, int trainSize, int seeds, int testCells, List<Estimate> estimates) {
        public Estimate get(Metric m) {
            return estimates.get(m.ordinal());
        }
    }

    private final List<Row> rows;

    private PredictorTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The summary of {@code fits}, rows by training size, then encoding and regressor by name. */
    public static PredictorTable of(List<PredictorFit> fits) {
        record Group(String encoding, String regressor, int size) {}
        Map<Group, List<PredictorFit>> groups = new LinkedHashMap<>();
        fits.stream().sorted(Comparator.comparingInt(PredictorFit::trainSize).thenComparing(PredictorFit::encoding)
                        .thenComparing(PredictorFit::regressor))
                .forEach(f -> groups.computeIfAbsent(new Group(f.encoding(), f.regressor(), f.trainSize()), g -> new ArrayList<>()).add(f));
        List<Row> rows = new ArrayList<>();
        groups.forEach((g, fs) -> {
            List<Estimate> es = new ArrayList<>();
            for (Metric m : Metric.values()) es.add(Estimate.of(fs.stream().mapToDouble(m::of).toArray()));
            rows.add(new Row(g.encoding(), g.regressor(), g.size(), fs.size(), fs.stream().mapToInt(PredictorFit::testCells).min().orElseThrow(), es));
        });
        return new PredictorTable(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** Long-format CSV: a row per encoding, regressor and size; per metric its mean, standard error and the seeds where it is defined. */
    public String csv() {
        StringBuilder sb = new StringBuilder("encoding,regressor,train_size,seeds");
        for (Metric m : Metric.values()) sb.append(',').append(m.column).append("_mean,").append(m.column).append("_se,").append(m.column).append("_seeds");
        sb.append('\n');
        for (Row r : rows) {
            sb.append(r.encoding()).append(',').append(r.regressor()).append(',').append(r.trainSize()).append(',').append(r.seeds());
            for (Estimate e : r.estimates()) sb.append(String.format(Locale.ROOT, ",%.6g,%.6g,%d", e.mean(), e.standardError(), e.count()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Markdown: per training size, a table of encoding x regressor rows with every metric as mean ± s.e. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        for (int size : rows.stream().mapToInt(Row::trainSize).distinct().sorted().toArray()) {
            List<Row> at = rows.stream().filter(r -> r.trainSize() == size).toList();
            sb.append(String.format(Locale.ROOT, "**%d training cells, %d test cells** (mean ± s.e. over %d seeds)%n%n", size,
                    at.stream().mapToInt(Row::testCells).min().orElseThrow(), at.getFirst().seeds()));
            sb.append("| encoding | regressor |");
            for (Metric m : Metric.values()) sb.append(' ').append(m.title).append(" |");
            sb.append("\n|---|---|").append("---:|".repeat(Metric.values().length)).append('\n');
            for (Row r : at) {
                sb.append("| ").append(r.encoding()).append(" | ").append(r.regressor()).append(" |");
                for (Metric m : Metric.values()) {
                    Estimate e = r.get(m);
                    sb.append(' ').append(m.format(e.mean()));
                    if (!Double.isNaN(e.standardError())) sb.append(" ± ").append(m.format(e.standardError()));
                    if (e.count() < r.seeds()) sb.append(" (").append(e.count()).append(" of ").append(r.seeds()).append(" seeds)");
                    sb.append(" |");
                }
                sb.append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
