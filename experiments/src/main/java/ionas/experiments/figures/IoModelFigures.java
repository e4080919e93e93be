package ionas.experiments.figures;

import ionas.experiments.plot.Csv;
import ionas.experiments.plot.Plots;
import ionas.experiments.plot.Series;
import ionas.nas.iodata.IoSet;
import ionas.nas.iomodel.IoEpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of the paper's sections 4.1 and A.3 for a semi-supervised run, as PNG files, and
 * their numbers as CSV:
 * <ul>
 *   <li>Figures 3, 4, 11, 12, 13: the labeled L1 loss per epoch on each set with its bootstrapped
 *       95% interval, beside the mean-vector baseline;</li>
 *   <li>Figures 5, 6, 14, 15: op and adjacency reconstruction accuracy on held-out cells, validity
 *       and uniqueness, for the model's VAE and the reference arch2vec trained alongside.</li>
 * </ul>
 */
public final class IoModelFigures {
    private IoModelFigures() {}

    /** A loss figure: which set, the file name, the paper's figure number and title. */
    private record LossFigure(IoSet set, String file, String title) {}

    private static final List<LossFigure> LOSSES = List.of(
            new LossFigure(IoSet.VALID_UNSEEN_NETWORKS, "fig03-valid-unseen-networks.png", "Fig. 3: unseen networks validation loss"),
            new LossFigure(IoSet.VALID_UNSEEN_IMAGES, "fig04-valid-unseen-images.png", "Fig. 4: unseen images validation loss"),
            new LossFigure(IoSet.TRAIN, "fig11-train.png", "Fig. 11: train labeled loss"),
            new LossFigure(IoSet.TEST_UNSEEN_IMAGES, "fig12-test-unseen-images.png", "Fig. 12: test loss, seen networks, unseen images"),
            new LossFigure(IoSet.TEST_UNSEEN_BOTH, "fig13-test-unseen-both.png", "Fig. 13: test loss, unseen networks, unseen images"));

    /** Writes every figure and {@code io-model-losses.csv}, {@code io-model-vae.csv} into {@code dir}; returns the PNG files. */
    public static List<Path> write(Path dir, List<IoEpochMetrics> history) throws IOException {
        List<Path> files = new ArrayList<>();
        if (history.isEmpty()) return files;
        double[] epochs = history.stream().mapToDouble(IoEpochMetrics::epoch).toArray();
        for (LossFigure f : LOSSES) {
            if (history.get(0).sets().stream().noneMatch(s -> s.set().equals(f.set().key()))) continue;
            List<IoEpochMetrics.SetLoss> s = history.stream().map(m -> m.set(f.set().key())).toList();
            Path png = dir.resolve(f.file());
            Plots.line(png, f.title() + " (" + s.get(0).examples() + " examples)", "epoch", "L1 loss", List.of(
                    band("model", epochs, s, IoEpochMetrics.SetLoss::loss),
                    band("baseline (mean target)", epochs, s, IoEpochMetrics.SetLoss::baseline)));
            files.add(png);
        }
        files.add(vaeFigure(dir, "fig05-ops-accuracy.png", "Fig. 5: operations reconstruction accuracy (held-out cells)", "accuracy",
                epochs, history, IoEpochMetrics.VaeMetrics::opAccuracy));
        files.add(vaeFigure(dir, "fig06-adjacency-accuracy.png", "Fig. 6: adjacency reconstruction accuracy (held-out cells)", "accuracy",
                epochs, history, IoEpochMetrics.VaeMetrics::adjacencyAccuracy));
        files.add(vaeFigure(dir, "fig14-validity.png", "Fig. 14: validity of decoder samples", "validity", epochs, history,
                IoEpochMetrics.VaeMetrics::validity));
        files.add(vaeFigure(dir, "fig15-uniqueness.png", "Fig. 15: uniqueness of valid samples", "uniqueness", epochs, history,
                IoEpochMetrics.VaeMetrics::uniqueness));
        writeCsv(dir, history);
        return files;
    }

    private static Series band(String name, double[] x, List<IoEpochMetrics.SetLoss> s,
                               java.util.function.Function<IoEpochMetrics.SetLoss, ionas.nas.iomodel.Bootstrap.Interval> which) {
        return Series.withBand(name, x, s.stream().mapToDouble(l -> which.apply(l).mean()).toArray(),
                s.stream().mapToDouble(l -> which.apply(l).lower()).toArray(), s.stream().mapToDouble(l -> which.apply(l).upper()).toArray());
    }

    private static Path vaeFigure(Path dir, String file, String title, String yLabel, double[] x, List<IoEpochMetrics> history,
                                  ToDoubleFunction<IoEpochMetrics.VaeMetrics> metric) throws IOException {
        List<Series> series = new ArrayList<>();
        series.add(Series.of("our model", x, history.stream().mapToDouble(m -> metric.applyAsDouble(m.model())).toArray()));
        double[] ref = history.stream().mapToDouble(m -> metric.applyAsDouble(m.reference())).toArray();
        if (!Double.isNaN(ref[0])) series.add(Series.of("reference arch2vec (same batches)", x, ref));
        Path png = dir.resolve(file);
        Plots.line(png, title, "epoch", yLabel, series);
        return png;
    }

    private static void writeCsv(Path dir, List<IoEpochMetrics> history) throws IOException {
        List<List<?>> losses = new ArrayList<>(), vae = new ArrayList<>();
        for (IoEpochMetrics m : history) {
            for (IoEpochMetrics.SetLoss s : m.sets())
                losses.add(List.of(m.epoch(), s.set(), s.examples(), s.loss().mean(), s.loss().lower(), s.loss().upper(), s.baseline().mean(),
                        s.baseline().lower(), s.baseline().upper()));
            for (var e : List.of(java.util.Map.entry("model", m.model()), java.util.Map.entry("reference", m.reference()))) {
                IoEpochMetrics.VaeMetrics v = e.getValue();
                if (Double.isNaN(v.opAccuracy())) continue;
                vae.add(List.of(m.epoch(), e.getKey(), v.opAccuracy(), v.adjacencyAccuracy(), v.identical(), v.validity(), v.uniqueness()));
            }
        }
        Csv.write(dir.resolve("io-model-losses.csv"), List.of("epoch", "set", "examples", "loss", "loss_low", "loss_high", "baseline",
                "baseline_low", "baseline_high"), losses);
        Csv.write(dir.resolve("io-model-vae.csv"), List.of("epoch", "model", "op_accuracy", "adjacency_accuracy", "identical", "validity",
                "uniqueness"), vae);
    }
}
