package ionas.experiments.figures;

import ionas.experiments.plot.Plots;
import ionas.nas.predict.PredictionResult;
import ionas.nas.predict.PredictionTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** The paper's Figures 9 and 10: RMSE and Pearson's r of the predictions across seeds, per training-set size and embedding. */
public final class PredictionFigures {
    private PredictionFigures() {}

    /** @param results per embedding label, every fit of one regressor */
    public static List<Path> write(Path dir, String regressor, Map<String, List<PredictionResult>> results) throws IOException {
        List<Path> files = new ArrayList<>();
        for (PredictionTarget target : PredictionTarget.values()) {
            TreeSet<Integer> sizes = new TreeSet<>();
            results.values().forEach(rs -> rs.stream().filter(r -> r.target() == target).forEach(r -> sizes.add(r.trainSize())));
            if (sizes.isEmpty()) continue;
            List<String> categories = sizes.stream().map(String::valueOf).toList();
            String t = target.name().toLowerCase(Locale.ROOT);
            files.add(box(dir.resolve("fig09-rmse-" + t + ".png"), "Fig. 9: RMSE of " + regressor + " on " + t + " accuracy (acc > 0.8)",
                    "RMSE", categories, sizes, target, results, PredictionResult::rmse));
            files.add(box(dir.resolve("fig10-pearson-" + t + ".png"), "Fig. 10: Pearson's r of " + regressor + " on " + t + " accuracy (acc > 0.8)",
                    "Pearson's r", categories, sizes, target, results, PredictionResult::pearson));
        }
        return files;
    }

    private static Path box(Path png, String title, String yLabel, List<String> categories, TreeSet<Integer> sizes, PredictionTarget target,
                            Map<String, List<PredictionResult>> results, ToDoubleFunction<PredictionResult> metric) throws IOException {
        Map<String, List<double[]>> values = new LinkedHashMap<>();
        results.forEach((label, rs) -> {
            List<double[]> perSize = new ArrayList<>();
            for (int size : sizes)
                perSize.add(rs.stream().filter(r -> r.target() == target && r.trainSize() == size).mapToDouble(metric).toArray());
            values.put(label, perSize);
        });
        Plots.box(png, title, "training cells", yLabel, categories, values);
        return png;
    }
}
