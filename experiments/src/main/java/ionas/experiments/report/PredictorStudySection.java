package ionas.experiments.report;

import ionas.experiments.figures.PredictorStudyFigures;
import ionas.nas.predict.study.PredictorBenchmark;
import ionas.nas.predict.study.PredictorTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The predictor benchmark's part of the prediction section ({@code ionas predict study}): its
 * table, one per training size, and its figure, when the run folder has them.
 */
final class PredictorStudySection {
    private PredictorStudySection() {}

    /** The blocks for {@code run}'s {@link PredictorBenchmark#FOLDER}; none when it has no table. */
    static List<Block> blocks(Path run) throws IOException {
        Path dir = run.resolve(PredictorBenchmark.FOLDER);
        List<Map<String, String>> rows = RunFiles.csv(dir.resolve(PredictorTable.CSV_FILE));
        if (rows.isEmpty()) return List.of();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(3, "Predictor benchmark: encodings x regressors", PredictorBenchmark.FOLDER));
        blocks.add(new Block.Paragraph("Each regressor is fit on N random cells in each encoding and predicts all other cells' validation "
                + "accuracy (every held-out cell, not only those above 0.8); mean ± standard error over the seeds. Precision@1% is the share "
                + "of the truly best 1% among the predicted best 1%. Made by ionas predict study."));
        List<String> header = new ArrayList<>(List.of("encoding", "regressor", "seeds"));
        for (PredictorTable.Metric m : PredictorTable.Metric.values()) header.add(m.title());
        TreeSet<Integer> sizes = new TreeSet<>();
        rows.forEach(r -> sizes.add((int) RunFiles.number(r, "train_size")));
        for (int size : sizes) {
            List<List<String>> table = new ArrayList<>();
            for (Map<String, String> r : rows) {
                if ((int) RunFiles.number(r, "train_size") != size) continue;
                List<String> cells = new ArrayList<>(List.of(r.get("encoding"), r.get("regressor"), r.get("seeds")));
                for (PredictorTable.Metric m : PredictorTable.Metric.values()) {
                    double mean = RunFiles.number(r, m.column() + "_mean"), se = RunFiles.number(r, m.column() + "_se");
                    double defined = RunFiles.number(r, m.column() + "_seeds"), seeds = RunFiles.number(r, "seeds");
                    cells.add(m.format(mean) + (Double.isNaN(se) ? "" : " ± " + m.format(se))
                            + (defined < seeds ? " (" + (long) defined + " of " + (long) seeds + " seeds)" : ""));
                }
                table.add(cells);
            }
            blocks.add(new Block.Table(Fmt.count(size) + " training cells", header, table));
        }
        Path png = dir.resolve(PredictorStudyFigures.KENDALL);
        if (Files.isRegularFile(png))
            blocks.add(new Block.Figure(png, PredictorBenchmark.FOLDER + "-" + PredictorStudyFigures.KENDALL,
                    "Kendall's tau of the predictions against the training size, one line per encoding and regressor (band: ± s.e.)"));
        return blocks;
    }
}
