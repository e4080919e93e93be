package ionas.experiments.figures;

import ionas.experiments.plot.Plots;
import ionas.experiments.plot.Series;
import ionas.nas.predict.study.PredictorTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The predictor benchmark's figure: Kendall's tau against the training size, a line per encoding x regressor, a band of ± one s.e. */
public final class PredictorStudyFigures {
    /** The figure's file name in the study's folder. */
    public static final String KENDALL = "fig-predictor-kendall.png";

    private PredictorStudyFigures() {}

    /** Writes {@link #KENDALL} into {@code dir} and returns it. */
    public static Path writeKendall(Path dir, PredictorTable table) throws IOException {
        Map<String, List<PredictorTable.Row>> lines = new LinkedHashMap<>();
        for (PredictorTable.Row r : table.rows()) lines.computeIfAbsent(r.encoding() + " / " + r.regressor(), k -> new ArrayList<>()).add(r);
        List<Series> series = new ArrayList<>();
        lines.forEach((name, rows) -> {
            int n = rows.size();
            double[] x = new double[n], y = new double[n], lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++) {
                PredictorTable.Estimate e = rows.get(i).get(PredictorTable.Metric.KENDALL);
                double se = Double.isNaN(e.standardError()) ? 0 : e.standardError();
                x[i] = rows.get(i).trainSize();
                y[i] = e.mean();
                lo[i] = e.mean() - se;
                hi[i] = e.mean() + se;
            }
            series.add(Series.withBand(name, x, y, lo, hi));
        });
        Path png = dir.resolve(KENDALL);
        Plots.lineLogX(png, "Predictors: Kendall's tau on the held-out cells", "training cells", "Kendall's tau (mean ± s.e.)", series);
        return png;
    }
}
