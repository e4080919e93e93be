package ionas.experiments.plot;

import ionas.nn.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;

/**
 * The one look shared by every chart: white background, light grid, a legend outside the plot on
 * the right (so it never covers data), fonts readable at 800x500, and a fixed palette so that the
 * same model has the same colour in every chart of a run.
 */
final class ChartStyle {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    /** Series with more points than this are drawn without markers, which would merge into a smear. */
    static final int MAX_POINTS_WITH_MARKERS = 30;

    /** Opacity (0-255) of a band's fill; low enough that grid lines and other bands show through. */
    static final int BAND_ALPHA = 56;

    /** Opacity of a box's fill in box plots. */
    static final int BOX_ALPHA = 90;

    // Matplotlib's "tab10": distinct hues that stay distinguishable when lightened for bands.
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke THIN = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    static final BasicStroke THICK = new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);

    private ChartStyle() {}

    /** The colour of the {@code index}-th series (cycling after ten). */
    static Color color(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** {@code c} with the given opacity (0-255). */
    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** An empty XY chart of the standard size with the shared styling applied. */
    static XYChart newXYChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xdddddd));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setChartFontColor(Color.BLACK);
        s.setAxisTickLabelsColor(Color.DARK_GRAY);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        // the same charts whatever the machine's language: 0.5, not 0,5
        s.setLocale(Locale.ROOT);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setCursorEnabled(false);
        return chart;
    }

    /**
     * A tick-label pattern for an axis whose data spans {@code min..max}: enough decimals to tell
     * ticks apart, none wasted, and a leading zero (XChart's own patterns print ".05").
     */
    static String decimalPattern(double min, double max) {
        double span = max - min;
        if (!(span > 0) || !Double.isFinite(span)) return "0.###";
        int decimals = Math.clamp(2 - (int) Math.floor(Math.log10(span)), 0, 12);
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }

    /** Renders {@code chart} to PNG and writes it atomically (temporary file, then rename). */
    static void writePng(XYChart chart, Path png) throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes);
    }
}
