package ionas.experiments.cli;

import ionas.experiments.figures.PredictionFigures;
import ionas.nas.nb201.Nb201Dataset;
import ionas.nas.predict.PredictionMetrics;
import ionas.nas.predict.PredictionResult;
import ionas.nas.predict.PredictionStudy;
import ionas.nas.predict.PredictionSummary;
import ionas.nas.predict.RegressorKind;
import ionas.nas.search.SearchTable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas predict}: performance prediction from embeddings (paper section 4.3). */
@Command(name = "predict", subcommands = PredictStudyCommand.class,
        description = {"Predict networks' accuracy from embeddings (paper section 4.3).",
            "Fits a random forest (200 trees, 4 features a split, as info-NAS) or a Gaussian process on N random",
            "cells, predicts all others, and reports RMSE and Pearson's r on cells with accuracy above 0.8, for",
            "each training size and seed. Fits run in parallel and are kept in OUT/LABEL/, so a rerun only fits",
            "what is missing; box plots (Fig. 9-10) in OUT/ compare every label found there.",
            "Spearman's rho and Kendall's tau-b are over all predicted cells.",
            "--space nb201: NAS-Bench-201's cells and their validation accuracy on --dataset (docs/nb201.md); on",
            "cifar100 and ImageNet16-120, whose best cells are below 0.8, RMSE and r are over all predicted cells.",
            "`ionas predict study` runs the predictor benchmark (encodings x regressors, rank metrics)."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SpaceOption spaceOption;

    @Option(names = "--embeddings", paramLabel = "FILE",
            description = "Embeddings of the space (default runs/arch2vec/embeddings.safetensors; runs/arch2vec-nb201/... with --space nb201).")
    private Path embeddings;

    @Option(names = "--benchmark", paramLabel = "FILE", description = {"Records with the accuracies (default: DATA/nasbench101/nb101-20k.json;",
        "--space nb201: DATA/nasbench201/nb201-val.json)."})
    private Path benchmark;

    @Mixin
    private Nb201DatasetOption datasetOption;

    @Option(names = "--label", description = "Name of this embedding in outputs (default: the embedding file's name).")
    private String label;

    @Option(names = "--regressor", defaultValue = "rf", description = "rf (random forest), gp (Gaussian process, one-start search: the reproduction's), gp-steady (outlier-fenced targets, "
                    + "multi-start search), gbt or mlp (default ${DEFAULT-VALUE}).")
    private String regressor;

    @Option(names = "--sizes", split = ",", defaultValue = "100,250,600,1000,10000", description = "Training-set sizes (default ${DEFAULT-VALUE}).")
    private List<Integer> sizes;

    @Option(names = "--seeds", defaultValue = "10", description = "Seeds 1..N (default ${DEFAULT-VALUE}).")
    private int seeds;

    @Option(names = "--threads", description = "Fits at once (default: all cores).")
    private Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/predict; runs/predict-nb201 with --space nb201).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        RegressorKind kind;
        try {
            kind = switch (regressor.toLowerCase(Locale.ROOT)) {
                case "random-forest" -> RegressorKind.RANDOM_FOREST;
                case "gaussian-process" -> RegressorKind.GAUSSIAN_PROCESS;
                default -> RegressorKind.parse(regressor);
            };
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--regressor: " + e.getMessage());
        }
        if (seeds < 1) throw new ParameterException(spec.commandLine(), "--seeds must be at least 1");
        SpaceName space = spaceOption.of(spec);
        boolean nb201 = space == SpaceName.NB201;
        Path embeddings = this.embeddings != null ? this.embeddings : SearchTables.defaultEmbeddings(space);
        Path out = this.out != null ? this.out : Path.of(nb201 ? "runs/predict-nb201" : "runs/predict");
        Nb201Dataset dataset = datasetOption.of(spec, space);
        Path bench = SearchTables.benchmark(space, benchmark, GlobalOptions.of(spec).dataDir());
        SearchTable table = SearchTables.load(space, embeddings, bench, dataset);
        String name = SearchTables.label(spec, label, embeddings);
        // the cells not drawn for training are the test set: a size that leaves none was skipped without a word
        List<Integer> tooLarge = sizes.stream().filter(n -> n < 2 || n >= table.size()).toList();
        if (!tooLarge.isEmpty())
            throw new ParameterException(spec.commandLine(), "--sizes " + tooLarge + ": each training-set size must be at least 2 and below the "
                    + table.size() + " cells of the table, whose other cells are the test set");
        stdout.printf(Locale.ROOT, "prediction with %s on %s: %s%s%n", kind.shortName(), name, SearchTables.describe(table, bench),
                nb201 ? "; the target is " + dataset.label() + " validation accuracy" : "");
        stdout.flush();
        long t0 = System.nanoTime();
        double cut = dataset.predictionCut(); // arch2vec's 0.8, unless a NAS-Bench-201 data set's accuracies never reach it
        var config = new PredictionStudy.Config(kind, sizes, IntStream.rangeClosed(1, seeds).boxed().toList(),
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), cut);
        PredictionStudy.Outcome o = new PredictionStudy(table, config, out.resolve(name)).run(GlobalOptions.stderr(spec).progress().withContext("on " + name));
        stdout.printf(Locale.ROOT, "%d fits now, %d found done%s, %.1f s%n", o.fitted(), o.results().size() / Math.max(1, targets(o)) - o.fitted(),
                o.elsewhere() == 0 ? "" : ", " + o.elsewhere() + " being fitted by another process", (System.nanoTime() - t0) / 1e9);
        stdout.printf(Locale.ROOT, "%-10s %6s %5s  %-24s %-24s %-24s %-24s%n", "target", "n", "seeds", "RMSE mean +- sd (median)",
                "Pearson r mean +- sd (median)", "Spearman rho mean +- sd", "Kendall tau mean +- sd");
        for (PredictionSummary s : o.summaries())
            stdout.printf(Locale.ROOT, "%-10s %6d %5d  %.4f +- %.4f (%.4f)  %.3f +- %.3f (%.3f)    %.3f +- %.3f           %.3f +- %.3f%n",
                    s.target().name().toLowerCase(Locale.ROOT), s.trainSize(), s.seeds(), s.rmse().mean(), s.rmse().std(), s.rmse().median(),
                    s.pearson().mean(), s.pearson().std(), s.pearson().median(), s.spearman().mean(), s.spearman().std(),
                    s.kendall().mean(), s.kendall().std());
        stdout.println(cut == PredictionMetrics.ACCURACY_THRESHOLD
                ? "RMSE and r on the predicted cells above 0.8 accuracy (arch2vec's cut), rho and tau on all predicted cells"
                : "RMSE, r, rho and tau on all predicted cells (arch2vec's cut at 0.8 is a CIFAR-10 accuracy: no " + dataset.label()
                        + " cell reaches it)");
        if (!nb201)
            stdout.println("paper (arch2vec, GP on 250 cells, test accuracy): RMSE 0.018 +- 0.001, r 0.67 +- 0.02; "
                    + "info-NAS's RF on 10,000 cells: RMSE 0.0201, r 0.688");

        Map<String, List<PredictionResult>> all = new LinkedHashMap<>();
        try (Stream<Path> labels = Files.list(out)) {
            for (Path l : labels.filter(Files::isDirectory).sorted().toList()) {
                List<PredictionResult> r = PredictionStudy.read(l, kind);
                if (!r.isEmpty()) all.put(l.getFileName().toString(), r);
            }
        }
        var figs = PredictionFigures.write(out, kind.shortName(), all);
        stdout.printf(Locale.ROOT, "%d figures in %s%n", figs.size(), out);
        return 0;
    }

    private static int targets(PredictionStudy.Outcome o) {
        return (int) o.results().stream().map(PredictionResult::target).distinct().count();
    }
}
