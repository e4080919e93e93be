package ionas.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts for the experiment commands, 800x500 pixels, each written atomically (a temporary file
 * in the same folder, then a rename), so a chart being regenerated is never seen half-written.
 *
 * <p>How the things XChart 3.8.8 lacks are drawn:
 * <ul>
 *   <li><b>Bands</b> (a 95% CI around a line): a translucent {@code PolygonArea} that runs along the
 *       upper bound and back along the lower one, painted before every line so no line is hidden.
 *       Being translucent, grid lines and overlapping bands stay visible. A NaN bound splits the
 *       band into separate polygons.
 *   <li><b>Grouped box plots</b>: XChart's {@code BoxChart} draws one box per series with the
 *       series name as the category, so several models per category would need one label per box.
 *       Boxes are drawn instead on an XY chart, categories at x = 0, 1, 2, ... and the groups side by
 *       side within each, one colour and one legend entry per group. XChart's tick labels can only
 *       be numbers (and its tick search does not end when they are all blank), so the category
 *       names are text annotations in a strip kept free along the bottom of the plot.
 *   <li><b>Empirical CDFs</b>: a {@code Step} line through the sorted sample.
 * </ul>
 * Chart parts that must not appear in the legend get internal names that no caller's series can
 * clash with.
 */
public final class Plots {

    static {
        // Charts are rendered to PNG on servers and in CI without a display. Respect an explicit
        // setting, but never let AWT look for an X server by default.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    // Names of the series that only draw (bands, boxes, whiskers): a control character cannot be
    // typed into a model name, so these never collide with a caller's series.
    private static final String HIDDEN = "\u0001";

    private Plots() {}

    /**
     * A line chart. Series with more than 30 points are drawn without markers.
     *
     * @param png    the file to write, its folder created if missing
     * @param series the lines, in legend order; each colour follows the series' position
     * @throws IllegalArgumentException when two series share a name
     */
    public static void line(Path png, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        ChartStyle.writePng(lineChart(title, xLabel, yLabel, series, false), png);
    }

    /**
     * Same as {@link #line} with a logarithmic x axis, e.g. regret over simulated seconds from 1e3
     * to 1e6.
     *
     * @throws IllegalArgumentException when a series has an x value that is not positive
     */
    public static void lineLogX(Path png, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        ChartStyle.writePng(lineChart(title, xLabel, yLabel, series, true), png);
    }

    /**
     * Box plots, one box per (category, group): for example categories = the training-set sizes
     * "100", "250", ... and groups = the models, with {@code values.get(model).get(i)} the samples
     * (e.g. one per seed) of that model at size {@code categories.get(i)}. Within a category the
     * groups stand side by side in map order (pass a {@link java.util.LinkedHashMap} to choose it).
     * Boxes span the quartiles, the thick line is the median, whiskers reach 1.5 interquartile ranges
     * (Tukey) and samples beyond are drawn as points. NaN samples are left out; a cell without
     * samples is left empty.
     *
     * @throws IllegalArgumentException when a group does not have one sample array per category, or
     *     a sample is infinite
     */
    public static void box(Path png, String title, String xLabel, String yLabel, List<String> categories,
            Map<String, List<double[]>> values) throws IOException {
        ChartStyle.writePng(boxChart(title, xLabel, yLabel, categories, values), png);
    }

    /**
     * The empirical CDF of each named sample as a step line, e.g. the final regret of 500 search
     * runs per method. The y axis is the fraction of the sample at or below x. NaN values are left
     * out; an empty sample is left out of the chart.
     *
     * @throws IllegalArgumentException when a sample holds an infinite value
     */
    public static void cdf(Path png, String title, String xLabel, Map<String, double[]> samples)
            throws IOException {
        ChartStyle.writePng(cdfChart(title, xLabel, samples), png);
    }

    /** Light to dark: the colours of {@link #scatter}'s groups, from the lowest values to the highest. */
    private static final Color[] SEQUENTIAL = {new Color(0xfde725), new Color(0x5ec962), new Color(0x21918c), new Color(0x3b528b), new Color(0x440154)};

    /**
     * Points coloured by a value, e.g. a 2-d map of embeddings coloured by accuracy: the points are
     * split at the quintiles of {@code value} into five groups, light (lowest) to dark (highest),
     * each named in the legend by its range; a value on a boundary goes to the upper group.
     *
     * @throws IllegalArgumentException when the arrays differ in length or a value is not finite
     */
    public static void scatter(Path png, String title, String xLabel, String yLabel, double[] x, double[] y, double[] value, String valueName)
            throws IOException {
        if (x.length != y.length || x.length != value.length || x.length == 0)
            throw new IllegalArgumentException("scatter: " + x.length + " x, " + y.length + " y and " + value.length + " values (need as many, at least 1)");
        requireFiniteOrNaN("scatter value", value);
        double[] sorted = value.clone();
        Arrays.sort(sorted);
        XYChart chart = ChartStyle.newXYChart(title, xLabel, yLabel);
        double[] xr = range(List.of(x)), yr = range(List.of(y));
        chart.getStyler().setXAxisDecimalPattern(ChartStyle.decimalPattern(xr[0], xr[1]));
        chart.getStyler().setYAxisDecimalPattern(ChartStyle.decimalPattern(yr[0], yr[1]));
        int groups = SEQUENTIAL.length;
        for (int g = 0; g < groups; g++) {
            double lo = sorted[sorted.length * g / groups], hi = g == groups - 1 ? Double.POSITIVE_INFINITY : sorted[sorted.length * (g + 1) / groups];
            List<double[]> in = new ArrayList<>();
            for (int i = 0; i < x.length; i++) if (value[i] >= lo && value[i] < hi) in.add(new double[] {x[i], y[i]});
            if (in.isEmpty()) continue;
            String top = g == groups - 1 ? String.format(java.util.Locale.ROOT, "%.4f", sorted[sorted.length - 1]) : String.format(java.util.Locale.ROOT, "%.4f", hi);
            XYSeries points = chart.addSeries(String.format(java.util.Locale.ROOT, "%s %.4f-%s", valueName, lo, top),
                    in.stream().mapToDouble(p -> p[0]).toArray(), in.stream().mapToDouble(p -> p[1]).toArray());
            points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(ChartStyle.translucent(SEQUENTIAL[g], 200));
        }
        chart.getStyler().setMarkerSize(4);
        ChartStyle.writePng(chart, png);
    }

    static XYChart lineChart(String title, String xLabel, String yLabel, List<Series> series, boolean logX) {
        Objects.requireNonNull(series, "series");
        requireDistinctNames(series.stream().map(Series::name).toList());
        XYChart chart = ChartStyle.newXYChart(title, xLabel, yLabel);
        if (logX) {
            chart.getStyler().setXAxisLogarithmic(true);
            for (Series s : series) requirePositiveX(s);
        } else {
            double[] xr = range(series.stream().map(Series::x).toList());
            chart.getStyler().setXAxisDecimalPattern(ChartStyle.decimalPattern(xr[0], xr[1]));
        }
        double[] yr = range(series.stream()
                .flatMap(s -> s.hasBand() ? Stream.of(s.y(), s.lower(), s.upper()) : Stream.of(s.y()))
                .toList());
        chart.getStyler().setYAxisDecimalPattern(ChartStyle.decimalPattern(yr[0], yr[1]));
        // Bands first: XChart paints series in the order they were added.
        int hidden = 0;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (!s.hasBand()) continue;
            Color fill = ChartStyle.translucent(ChartStyle.color(i), ChartStyle.BAND_ALPHA);
            for (double[][] polygon : bandPolygons(s)) {
                XYSeries band = chart.addSeries(HIDDEN + "band" + hidden++, polygon[0], polygon[1]);
                band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                band.setFillColor(fill);
                band.setLineStyle(SeriesLines.NONE);
                band.setMarker(SeriesMarkers.NONE);
                band.setShowInLegend(false);
            }
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            double[][] xy = withGaps(s.x(), s.y());
            if (xy == null) continue; // nothing drawable; XChart rejects empty series
            XYSeries line = chart.addSeries(s.name(), xy[0], xy[1]);
            line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
            line.setLineColor(ChartStyle.color(i));
            line.setLineStyle(ChartStyle.LINE);
            line.setMarkerColor(ChartStyle.color(i));
            line.setMarker(s.x().length > ChartStyle.MAX_POINTS_WITH_MARKERS ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    static XYChart boxChart(String title, String xLabel, String yLabel, List<String> categories,
            Map<String, List<double[]>> values) {
        Objects.requireNonNull(categories, "categories");
        Objects.requireNonNull(values, "values");
        for (Map.Entry<String, List<double[]>> e : values.entrySet()) {
            List<double[]> cells = Objects.requireNonNull(e.getValue(), () -> "group '" + e.getKey() + "'");
            if (cells.size() != categories.size()) {
                throw new IllegalArgumentException("group '" + e.getKey() + "' has " + cells.size()
                        + " sample arrays but there are " + categories.size() + " categories");
            }
            for (double[] cell : cells) requireFiniteOrNaN("group '" + e.getKey() + "'", cell);
        }
        XYChart chart = ChartStyle.newXYChart(title, xLabel, yLabel);
        var styler = chart.getStyler();
        styler.setXAxisMin(-0.5);
        styler.setXAxisMax(categories.size() - 0.5);
        styler.setPlotGridVerticalLinesVisible(false);
        // XChart's tick labels are numbers; category names go into a strip kept free at the bottom
        // of the plot instead (see below), so the numeric ticks are hidden.
        styler.setXAxisTicksVisible(false);
        styler.setAnnotationTextFont(styler.getAxisTickLabelsFont());
        styler.setAnnotationTextFontColor(styler.getAxisTickLabelsColor());

        int groups = values.size();
        double slot = 0.8 / Math.max(groups, 1); // the groups share 80% of a category's width
        double halfBox = 0.35 * slot;
        int g = 0;
        int hidden = 0;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, List<double[]>> e : values.entrySet()) {
            Color color = ChartStyle.color(g);
            boolean inLegend = false;
            for (int c = 0; c < categories.size(); c++) {
                BoxStats b = BoxStats.of(e.getValue().get(c));
                if (b == null) continue;
                low = Math.min(low, b.whiskerLow());
                high = Math.max(high, b.whiskerHigh());
                for (double o : b.outliers()) {
                    low = Math.min(low, o);
                    high = Math.max(high, o);
                }
                double mid = c - 0.4 + slot * (g + 0.5);
                double left = mid - halfBox;
                double right = mid + halfBox;

                // The box, outlined; the first box of a group carries the group's legend entry.
                XYSeries box = chart.addSeries(inLegend ? HIDDEN + "box" + hidden++ : e.getKey(),
                        new double[] {left, right, right, left, left},
                        new double[] {b.q1(), b.q1(), b.q3(), b.q3(), b.q1()});
                box.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
                box.setFillColor(ChartStyle.translucent(color, ChartStyle.BOX_ALPHA));
                box.setLineColor(color);
                box.setLineStyle(ChartStyle.THIN);
                box.setMarker(SeriesMarkers.NONE);
                box.setShowInLegend(!inLegend);
                inLegend = true;

                XYSeries median = chart.addSeries(HIDDEN + "median" + hidden++,
                        new double[] {left, right}, new double[] {b.median(), b.median()});
                styleHidden(median, color, ChartStyle.THICK);

                // Both whiskers with their caps as one line, broken by a NaN between them.
                double cap = halfBox / 2;
                XYSeries whiskers = chart.addSeries(HIDDEN + "whiskers" + hidden++,
                        new double[] {mid, mid, mid - cap, mid + cap, mid, mid, mid, mid - cap, mid + cap},
                        new double[] {b.q1(), b.whiskerLow(), b.whiskerLow(), b.whiskerLow(), Double.NaN,
                                      b.q3(), b.whiskerHigh(), b.whiskerHigh(), b.whiskerHigh()});
                styleHidden(whiskers, color, ChartStyle.THIN);
                if (b.outliers().length > 0) {
                    double[] xs = new double[b.outliers().length];
                    Arrays.fill(xs, mid);
                    XYSeries out = chart.addSeries(HIDDEN + "outliers" + hidden++, xs, b.outliers());
                    out.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
                    out.setMarker(SeriesMarkers.CIRCLE);
                    out.setMarkerColor(color);
                    out.setShowInLegend(false);
                }
            }
            g++;
        }
        if (low <= high) {
            double span = high > low ? high - low : Math.max(Math.abs(high), 1.0);
            double labelStrip = 0.10 * span;
            styler.setYAxisMin(low - labelStrip - 0.03 * span);
            styler.setYAxisMax(high + 0.05 * span);
            styler.setYAxisDecimalPattern(ChartStyle.decimalPattern(low, high));
            for (int c = 0; c < categories.size(); c++) {
                chart.addAnnotation(new AnnotationText(categories.get(c), c, low - 0.03 * span - labelStrip / 2, false));
            }
        }
        return chart;
    }

    static XYChart cdfChart(String title, String xLabel, Map<String, double[]> samples) {
        Objects.requireNonNull(samples, "samples");
        samples.forEach((name, v) -> requireFiniteOrNaN("sample '" + name + "'", v));
        XYChart chart = ChartStyle.newXYChart(title, xLabel, "fraction at or below");
        var styler = chart.getStyler();
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setYAxisDecimalPattern("0.#");
        double[] xr = range(List.copyOf(samples.values()));
        styler.setXAxisDecimalPattern(ChartStyle.decimalPattern(xr[0], xr[1]));
        if (xr[0] <= xr[1]) {
            // XChart puts the ticks on the data's own values when those are equally spaced, which an
            // ECDF's heights (i/n) always are: ticks at 0.028, 0.056, ... An invisible first series
            // at heights 0 and 1 breaks the spacing, so the ticks land on round numbers again.
            XYSeries frame = chart.addSeries(HIDDEN + "frame", new double[] {xr[0], xr[0]}, new double[] {0, 1});
            styleHidden(frame, Color.WHITE, ChartStyle.THIN);
            frame.setLineStyle(SeriesLines.NONE);
        }
        int i = 0;
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            Ecdf ecdf = Ecdf.of(e.getValue());
            Color color = ChartStyle.color(i++);
            if (ecdf == null) continue;
            XYSeries step = chart.addSeries(e.getKey(), ecdf.x(), ecdf.p());
            step.setXYSeriesRenderStyle(XYSeriesRenderStyle.Step);
            step.setLineColor(color);
            step.setLineStyle(ChartStyle.LINE);
            step.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** {min, max} of the non-NaN values in {@code arrays}; {+inf, -inf} when there are none. */
    private static double[] range(List<double[]> arrays) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            for (double v : a) {
                if (Double.isNaN(v)) continue;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    private static void styleHidden(XYSeries s, Color color, BasicStroke stroke) {
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        s.setMarker(SeriesMarkers.NONE);
        s.setShowInLegend(false);
    }

    /**
     * The points of a line in XChart's form: points with a NaN x are dropped (XChart cannot place
     * them) and leave a NaN y behind so the line still breaks there. Null when nothing is drawable.
     */
    static double[][] withGaps(double[] x, double[] y) {
        List<double[]> pts = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                if (!pts.isEmpty()) pts.add(new double[] {pts.getLast()[0], Double.NaN});
            } else {
                pts.add(new double[] {x[i], y[i]});
                any |= !Double.isNaN(y[i]);
            }
        }
        if (!any) return null;
        double[][] xy = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            xy[0][i] = pts.get(i)[0];
            xy[1][i] = pts.get(i)[1];
        }
        return xy;
    }

    /**
     * The band of {@code s} as closed polygons {x[], y[]}: one per run of at least two consecutive
     * points whose x and both bounds are known, out along the upper bound and back along the lower.
     */
    static List<double[][]> bandPolygons(Series s) {
        double[] x = s.x();
        double[] lo = s.lower();
        double[] hi = s.upper();
        List<double[][]> polygons = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= x.length; i++) {
            boolean known = i < x.length && !Double.isNaN(x[i]) && !Double.isNaN(lo[i]) && !Double.isNaN(hi[i]);
            if (known) continue;
            int n = i - start;
            if (n >= 2) {
                double[] px = new double[2 * n];
                double[] py = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    px[k] = x[start + k];
                    py[k] = hi[start + k];
                    px[2 * n - 1 - k] = x[start + k];
                    py[2 * n - 1 - k] = lo[start + k];
                }
                polygons.add(new double[][] {px, py});
            }
            start = i + 1;
        }
        return polygons;
    }

    private static void requirePositiveX(Series s) {
        double[] x = s.x();
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= 0) {
                throw new IllegalArgumentException("series '" + s.name() + "': x[" + i + "] = " + x[i]
                        + " cannot be drawn on a logarithmic x axis");
            }
        }
    }

    private static void requireDistinctNames(List<String> names) {
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("series names must differ: " + names);
        }
    }

    private static void requireFiniteOrNaN(String what, double[] values) {
        Objects.requireNonNull(values, what);
        for (double v : values) {
            if (Double.isInfinite(v)) throw new IllegalArgumentException(what + " holds " + v);
        }
    }
}
