package ionas.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Step 6: accuracy prediction from the embeddings (paper section 4.3, Figs. 9-10). */
final class PredictSection {
    static final String STEP = "predict", TITLE = "6. Performance prediction (paper section 4.3)";
    private static final List<String> REGRESSORS = List.of("rf", "gp");

    private PredictSection() {}

    static Section read(Path run, Map<String, String> settings) throws IOException {
        Path dir = run.resolve(STEP);
        List<List<String>> rows = new ArrayList<>();
        boolean hasTest = false;
        for (Path label : RunFiles.folders(dir)) {
            for (String regressor : REGRESSORS) {
                for (Map<String, String> r : RunFiles.csv(label.resolve(regressor + "-summary.csv"))) {
                    String target = r.getOrDefault("target", "");
                    hasTest |= target.equals("test") && Double.isFinite(RunFiles.number(r, "rmse_median"));
                    rows.add(List.of(label.getFileName().toString(), r.getOrDefault("regressor", regressor), target + " accuracy",
                            Fmt.count((long) RunFiles.number(r, "train_size")), r.getOrDefault("seeds", ""),
                            Fmt.interval(Fmt.sig(RunFiles.number(r, "rmse_median")), Fmt.sig(RunFiles.number(r, "rmse_q1")),
                                    Fmt.sig(RunFiles.number(r, "rmse_q3"))),
                            Fmt.plusMinus(RunFiles.number(r, "rmse_mean"), RunFiles.number(r, "rmse_std")),
                            Fmt.interval(Fmt.sig(RunFiles.number(r, "r_median")), Fmt.sig(RunFiles.number(r, "r_q1")), Fmt.sig(RunFiles.number(r, "r_q3"))),
                            Fmt.plusMinus(RunFiles.number(r, "r_mean"), RunFiles.number(r, "r_std")),
                            published(r.getOrDefault("regressor", regressor), (int) RunFiles.number(r, "train_size"))));
                }
            }
        }
        if (rows.isEmpty()) return Section.notRun(STEP, TITLE, "predict/<label>/rf-summary.csv or gp-summary.csv");
        BenchmarkVariant variant = BenchmarkVariant.of(settings, hasTest);

        List<List<String>> pub = new ArrayList<>();
        for (Published.Prediction p : List.of(Published.ARCH2VEC_GP, Published.INFO_NAS_ARCH2VEC_RF, Published.INFO_NAS_IO_RF))
            pub.add(List.of(p.source(), p.regressor(), Fmt.count(p.trainSize()), Fmt.publishedPlusMinus(p.rmse(), p.rmseSpread()), Fmt.publishedPlusMinus(p.r(), p.rSpread())));

        List<Block> blocks = new ArrayList<>(List.of(new Block.Heading(2, TITLE, STEP),
                new Block.Paragraph("A regressor fit on the embeddings of N random cells predicts the accuracy of all other cells; RMSE "
                        + "and Pearson's r are measured on cells with accuracy above 0.8, over several seeds. The paper used a random "
                        + "forest (rf) because arch2vec's Gaussian-process settings were not published."),
                new Block.Table(variant.description() + ": RMSE and Pearson's r per embedding, regressor, target and training size "
                        + "(median [quartiles] and mean ± std over seeds)",
                        List.of("embedding", "regressor", "target", "train cells", "seeds", "RMSE median [q1, q3]", "RMSE mean ± std",
                                "r median [q1, q3]", "r mean ± std", "published (test accuracy)"), rows),
                new Block.Table("Published numbers (test accuracy, cells with accuracy above 0.8, 10 seeds)",
                        List.of("source", "regressor", "train cells", "RMSE", "Pearson's r"), pub),
                new Block.Paragraph("Paper, section 4.3: arch2vec's GP result could not be reproduced; with a random forest the IO model "
                        + "had a better median than arch2vec at 600 and 1,000 training cells, and overall the results are similar.")));
        if (!hasTest)
            blocks.add(new Block.Note("This run predicted validation accuracy only (its records have no test accuracies), while the "
                    + "published numbers are on test accuracy: they are not directly comparable."));
        for (String target : List.of("validation", "test")) {
            for (String[] f : List.of(new String[] {"fig09-rmse-" + target + ".png", "Paper Fig. 9 (ours): RMSE across seeds, " + target + " accuracy"},
                    new String[] {"fig10-pearson-" + target + ".png", "Paper Fig. 10 (ours): Pearson's r across seeds, " + target + " accuracy"})) {
                Path png = dir.resolve(f[0]);
                if (Files.isRegularFile(png)) blocks.add(new Block.Figure(png, STEP + "-" + f[0], f[1]));
            }
        }
        return new Section(STEP, TITLE, "completed", true, blocks);
    }

    /**
     * The published numbers for the same regressor and size, if any. They are on test accuracy; a
     * validation row shows them too, since the 20,001-cell records have no other target to compare.
     */
    private static String published(String regressor, int size) {
        List<String> out = new ArrayList<>();
        for (Published.Prediction p : List.of(Published.ARCH2VEC_GP, Published.INFO_NAS_ARCH2VEC_RF, Published.INFO_NAS_IO_RF))
            if (p.regressor().equals(regressor) && p.trainSize() == size)
                out.add(p.source() + ": RMSE " + Fmt.publishedPlusMinus(p.rmse(), p.rmseSpread()) + ", r " + Fmt.publishedPlusMinus(p.r(), p.rSpread()));
        return out.isEmpty() ? "—" : String.join("; ", out);
    }
}
