package ionas.experiments.figures;

import ionas.experiments.plot.Csv;
import ionas.experiments.plot.Plots;
import ionas.experiments.plot.Series;
import ionas.nas.search.SearchCurves;
import ionas.nas.search.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search figures (paper Figures 7-8, arch2vec's Figure 6): the mean regret against simulated
 * training time, averaged per query as arch2vec's plotting does and cut at a mean time of 1e6 s,
 * and the empirical CDF of each run's final regret at 1e6 s. Test-regret figures only when the
 * benchmark has test accuracies.
 */
public final class SearchFigures {
    private SearchFigures() {}

    /** @param runs per curve name (e.g. {@code arch2vec-8 reinforce}), the runs' traces */
    public static List<Path> write(Path dir, Map<String, List<Trace>> runs, boolean hasTest) throws IOException {
        List<Path> files = new ArrayList<>();
        Map<String, SearchCurves.MeanCurve> curves = new LinkedHashMap<>();
        runs.forEach((name, traces) -> {
            if (!traces.isEmpty()) curves.put(name, SearchCurves.byQuery(traces, SearchCurves.PAPER_TIME));
        });
        if (curves.isEmpty()) return files;
        files.add(regret(dir.resolve("fig07-regret-validation.png"), "Fig. 7: validation regret during the search (mean of runs)", curves, false));
        if (hasTest) files.add(regret(dir.resolve("fig08-regret-test.png"), "Fig. 8: test regret during the search (mean of runs)", curves, true));
        Map<String, double[]> finals = new LinkedHashMap<>();
        runs.forEach((name, traces) -> {
            if (!traces.isEmpty()) finals.put(name, SearchCurves.finalValidRegrets(traces, SearchCurves.PAPER_TIME));
        });
        Path cdf = dir.resolve("cdf-final-validation-regret.png");
        Plots.cdf(cdf, "Final validation regret at 1e6 s (CDF over runs)", "validation regret", finals);
        files.add(cdf);
        if (hasTest) {
            Map<String, double[]> tests = new LinkedHashMap<>();
            runs.forEach((name, traces) -> {
                if (!traces.isEmpty()) tests.put(name, SearchCurves.finalTestRegrets(traces, SearchCurves.PAPER_TIME));
            });
            Path cdfTest = dir.resolve("cdf-final-test-regret.png");
            Plots.cdf(cdfTest, "Final test regret at 1e6 s (CDF over runs)", "test regret", tests);
            files.add(cdfTest);
        }
        List<List<?>> rows = new ArrayList<>();
        curves.forEach((name, c) -> {
            for (int k = 0; k < c.length(); k++) rows.add(List.of(name, k + 1, c.time()[k], c.validRegret()[k], c.testRegret()[k], c.runs()));
        });
        Csv.write(dir.resolve("search-curves.csv"), List.of("curve", "query", "mean_time_s", "mean_validation_regret", "mean_test_regret", "runs"), rows);
        return files;
    }

    private static Path regret(Path png, String title, Map<String, SearchCurves.MeanCurve> curves, boolean test) throws IOException {
        List<Series> series = new ArrayList<>();
        curves.forEach((name, c) -> series.add(Series.of(name, c.time(), test ? c.testRegret() : c.validRegret())));
        Plots.lineLogX(png, title, "simulated training time (s)", test ? "test regret" : "validation regret", series);
        return png;
    }
}
