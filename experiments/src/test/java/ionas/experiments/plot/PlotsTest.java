package ionas.experiments.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    @TempDir
    Path dir;

    private static final Color FIRST = ChartStyle.color(0);
    private static final Color SECOND = ChartStyle.color(1);

    private static double[] range(int n, double step) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i * step;
        return v;
    }

    private static double[] constant(int n, double value) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, value);
        return v;
    }

    @Test
    void aLineChartIsAn800x500PngWithTheSeriesColour() throws IOException {
        Path png = dir.resolve("charts/line.png");
        Plots.line(png, "t", "epoch", "accuracy", List.of(Series.of("a", range(50, 1), range(50, 0.02))));
        BufferedImage img = Pixels.read(png);
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertTrue(Pixels.count(img, FIRST, 10) > 300, "the line is drawn in the first palette colour");
        assertTrue(Pixels.near(img, 2, 2, Color.WHITE, 0), "white background");
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    /** The lowest fifth of the values is drawn light yellow, the highest fifth dark purple. */
    @Test
    void aScatterColoursItsPointsByQuintileOfTheirValue() throws IOException {
        int n = 500;
        double[] x = range(n, 1), y = range(n, 1), v = range(n, 0.001);
        Path png = dir.resolve("scatter.png");
        Plots.scatter(png, "t", "x", "y", x, y, v, "acc.");
        BufferedImage img = Pixels.read(png);
        Color light = Pixels.overWhite(new Color(0xfde725), 200), dark = Pixels.overWhite(new Color(0x440154), 200);
        int lightPixels = Pixels.count(img, light, 12), darkPixels = Pixels.count(img, dark, 12);
        assertTrue(lightPixels > 20 && darkPixels > 20, lightPixels + " light, " + darkPixels + " dark pixels");
        // a value on a quintile boundary goes to the upper group: equal values all land in the top one
        double[] same = new double[n];
        java.util.Arrays.fill(same, 0.9);
        Plots.scatter(png, "t", "x", "y", x, y, same, "acc.");
        BufferedImage flat = Pixels.read(png);
        assertTrue(Pixels.count(flat, dark, 12) > darkPixels, "all points dark");
        assertEquals(0, Pixels.count(flat, light, 12), "no light point");
        assertThrows(IllegalArgumentException.class, () -> Plots.scatter(png, "t", "x", "y", x, y, new double[3], "acc."));
    }

    @Test
    void aBandFillsTheColumnBetweenItsBoundsAroundTheLine() throws IOException {
        int n = 100;
        double[] x = range(n, 1);
        // The second line spans 0..1 so that the band (0.3..0.7) covers only part of the plot.
        Series anchor = Series.of("anchor", x, range(n, 1.0 / (n - 1)));
        Series banded = Series.withBand("banded", x, constant(n, 0.5), constant(n, 0.3), constant(n, 0.7));
        Path withBand = dir.resolve("band.png");
        Plots.line(withBand, "t", "x", "y", List.of(banded, anchor));
        Path noBand = dir.resolve("noband.png");
        Plots.line(noBand, "t", "x", "y", List.of(Series.of("banded", x, constant(n, 0.5)), anchor));

        Color fill = Pixels.overWhite(FIRST, ChartStyle.BAND_ALPHA);
        BufferedImage img = Pixels.read(withBand);
        double[] lineRows = Pixels.lineRows(img, FIRST);
        int column = firstColumn(lineRows) + 100;
        int lineRow = (int) Math.round(lineRows[column]);
        int above = 0;
        int below = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            if (!Pixels.near(img, column, y, fill, 6)) continue;
            if (y < lineRow) above++;
            else below++;
        }
        // 0.2 of a ~400-pixel y range on each side of the line
        assertTrue(above > 40 && below > 40, "band pixels above " + above + ", below " + below);
        assertTrue(above + below < 0.8 * img.getHeight(), "the band stops at its bounds");

        BufferedImage plain = Pixels.read(noBand);
        int none = 0;
        for (int y = 0; y < plain.getHeight(); y++) if (Pixels.near(plain, column, y, fill, 6)) none++;
        assertEquals(0, none, "without a band nothing is shaded");
    }

    @Test
    void nanPointsBreakTheLine() throws IOException {
        int n = 100;
        double[] y = constant(n, 0.5);
        for (int i = 40; i < 60; i++) y[i] = Double.NaN;
        Path png = dir.resolve("gap.png");
        Plots.line(png, "t", "x", "y", List.of(Series.of("gappy", range(n, 1), y), Series.of("anchor", range(n, 1), range(n, 0.01))));
        BufferedImage img = Pixels.read(png);
        double[] rows = Pixels.lineRows(img, FIRST);
        int row = (int) Math.round(rows[firstColumn(rows)]);
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int x = 0; x <= img.getWidth(); x++) {
            boolean on = x < img.getWidth() && Pixels.near(img, x, row, FIRST, 10);
            if (on && start < 0) start = x;
            if (!on && start >= 0) {
                if (x - start > 20) runs.add(new int[] {start, x});
                start = -1;
            }
        }
        assertTrue(runs.size() >= 2, "two pieces of line, got " + runs.size());
        int gap = runs.get(1)[0] - runs.get(0)[1];
        int drawn = runs.get(0)[1] - runs.get(0)[0];
        // 20 missing points against 40 drawn: the gap is about half the first piece
        assertTrue(gap > drawn / 3, "gap " + gap + " px after " + drawn + " px of line");
    }

    @Test
    void aLogXAxisDrawsAPowerLawAsAStraightLine() throws IOException {
        int n = 100;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.pow(10, 3 + 3.0 * i / (n - 1));
            y[i] = i;
        }
        Path png = dir.resolve("log.png");
        Plots.lineLogX(png, "t", "seconds", "y", List.of(Series.of("s", x, y)));
        double[] rows = Pixels.lineRows(Pixels.read(png), FIRST);
        int first = firstColumn(rows);
        int last = first;
        while (last + 1 < rows.length && !Double.isNaN(rows[last + 1])) last++;
        assertTrue(last - first > 400, "the line spans the plot");
        for (double f : new double[] {0.25, 0.5, 0.75}) {
            int col = (int) Math.round(first + f * (last - first));
            double straight = rows[first] + f * (rows[last] - rows[first]);
            assertEquals(straight, rows[col], 4.0, "row at fraction " + f);
        }
    }

    @Test
    void aLogXAxisRejectsNonPositiveXNamingTheSeries() {
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.lineLogX(dir.resolve("bad.png"), "t", "x", "y",
                List.of(Series.of("regret", new double[] {0, 10}, new double[] {1, 2}))));
        assertTrue(e.getMessage().contains("regret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.line(dir.resolve("dup.png"), "t", "x", "y",
                List.of(Series.of("a", new double[] {1}, new double[] {1}), Series.of("a", new double[] {1}, new double[] {1}))));
    }

    @Test
    void boxPlotsDrawEachGroupInItsColour() throws IOException {
        Map<String, List<double[]>> values = new LinkedHashMap<>();
        values.put("arch2vec", List.of(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.5, 0.6, 0.7, 2.0}));
        values.put("ours", List.of(new double[] {0.2, 0.3, 0.4, 0.5}, new double[] {Double.NaN, Double.NaN}));
        Path png = dir.resolve("box.png");
        Plots.box(png, "t", "train size", "tau", List.of("100", "250"), values);
        BufferedImage img = Pixels.read(png);
        assertEquals(800, img.getWidth());
        assertTrue(Pixels.count(img, FIRST, 10) > 100, "first group's outlines");
        assertTrue(Pixels.count(img, SECOND, 10) > 50, "second group's outlines");
        assertTrue(Pixels.count(img, Pixels.overWhite(FIRST, ChartStyle.BOX_ALPHA), 6) > 500, "filled boxes");
    }

    @Test
    void boxPlotsNeedOneSampleArrayPerCategory() {
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.box(dir.resolve("b.png"), "t", "x", "y",
                List.of("100", "250"), Map.of("gcn", List.of(new double[] {1}))));
        assertTrue(e.getMessage().contains("gcn"), e.getMessage());
    }

    @Test
    void boxStatisticsFollowTukey() {
        BoxStats b = BoxStats.of(new double[] {9, 1, 2, 3, 4, 5, 6, 7, 8, Double.NaN});
        assertEquals(3, b.q1(), 1e-12);
        assertEquals(5, b.median(), 1e-12);
        assertEquals(7, b.q3(), 1e-12);
        assertEquals(1, b.whiskerLow(), 1e-12);
        assertEquals(9, b.whiskerHigh(), 1e-12);
        assertEquals(0, b.outliers().length);

        BoxStats o = BoxStats.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 100});
        assertEquals(8, o.whiskerHigh(), 1e-12, "the whisker stops at the last sample within 1.5 IQR");
        assertArrayEquals(new double[] {100}, o.outliers());
        assertNull(BoxStats.of(new double[] {Double.NaN}));
    }

    @Test
    void anEcdfRisesFromZeroToOneAtTheSortedValues() {
        Ecdf e = Ecdf.of(new double[] {3, 1, Double.NaN, 2, 2});
        assertNotNull(e);
        assertArrayEquals(new double[] {1, 1, 2, 2, 3}, e.x());
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, e.p(), 1e-12);
        assertNull(Ecdf.of(new double[0]));
    }

    @Test
    void cdfChartsDrawEachSampleAndRejectInfinity() throws IOException {
        Map<String, double[]> samples = new LinkedHashMap<>();
        samples.put("random", range(500, 0.001));
        samples.put("reinforce", range(300, 0.0005));
        samples.put("empty", new double[0]);
        Path png = dir.resolve("cdf.png");
        Plots.cdf(png, "t", "regret", samples);
        BufferedImage img = Pixels.read(png);
        assertTrue(Pixels.count(img, FIRST, 10) > 200);
        assertTrue(Pixels.count(img, SECOND, 10) > 200);
        assertThrows(IllegalArgumentException.class, () -> Plots.cdf(dir.resolve("inf.png"), "t", "x",
                Map.of("bad", new double[] {1, Double.NEGATIVE_INFINITY})));
    }

    @Test
    void rewritingAChartReplacesItAndLeavesNoTemporaryFiles() throws IOException {
        Path png = dir.resolve("again.png");
        Plots.line(png, "first", "x", "y", List.of(Series.of("a", range(5, 1), range(5, 1))));
        byte[] before = Files.readAllBytes(png);
        Plots.line(png, "second", "x", "y", List.of(Series.of("a", range(5, 1), range(5, 2))));
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(png)), "the file was replaced");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void emptyOrAllNaNSeriesStillGiveAChart() throws IOException {
        Path png = dir.resolve("empty.png");
        Plots.line(png, "nothing yet", "x", "y", List.of(
                Series.of("none", new double[0], new double[0]),
                Series.of("nan", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN})));
        assertEquals(500, Pixels.read(png).getHeight());
    }

    private static int firstColumn(double[] rows) {
        for (int x = 0; x < rows.length; x++) if (!Double.isNaN(rows[x])) return x;
        throw new AssertionError("no line pixels");
    }
}
