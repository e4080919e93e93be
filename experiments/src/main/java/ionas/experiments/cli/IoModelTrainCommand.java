package ionas.experiments.cli;

import ionas.experiments.figures.IoModelFigures;
import ionas.experiments.progress.Stderr;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.iodata.IoDataset;
import ionas.nas.iodata.TargetTransform;
import ionas.nas.iomodel.IoEpochMetrics;
import ionas.nas.iomodel.SemiSupervisedConfig;
import ionas.nas.iomodel.SemiSupervisedTrainer;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.space.CellSpace;
import ionas.tensor.Device;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas io-model train}: semi-supervised training of the extended model on an IO dataset. */
@Command(name = "train",
        description = {"Train the extended model semi-supervised (paper section 3.3, Table 3): blocks of labeled batches",
            "(VAE loss + L1 to the processed output features) and unlabeled batches (arch2vec's loss), two Adams",
            "(1e-3) sharing the VAE, clipping 5, batch 32; a plain arch2vec on the same batches for comparison.",
            "After every epoch: losses on the five sets with 95%% intervals beside the mean-vector baseline,",
            "reconstruction, validity and uniqueness; OUT/checkpoint.safetensors, OUT/epochs/, OUT/metrics.json,",
            "and the paper's Figures 3-6 and 11-15 as PNG with their numbers as CSV in OUT/figures/.",
            "A killed run resumes after its last finished epoch."})
public final class IoModelTrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--io", paramLabel = "DIR", defaultValue = "runs/io-dataset", description = "The IO dataset (default ${DEFAULT-VALUE}).")
    private Path io;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/io-model", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--preset", defaultValue = "paper", description = {"paper (Table 3: 30 epochs, image branch from 128 channels, all cells),",
        "small (CPU: 10 epochs, 16 channels, 40,000 unlabeled cells), quick (small's model, 3 epochs, 10,000 unlabeled",
        "cells), tiny (seconds). Default ${DEFAULT-VALUE}."})
    private String preset;

    @Option(names = "--epochs") private Integer epochs;
    @Option(names = "--until-epoch", paramLabel = "E", description = "Stop after epoch E this time (resume later).") private Integer untilEpoch;
    @Option(names = "--unlabeled-cells", paramLabel = "N", description = "Unlabeled cells per epoch (0 = all of arch2vec's training split).")
    private Integer unlabeledCells;
    @Option(names = "--eval-examples", paramLabel = "N", description = "Examples per set in the evaluation (0 = all).") private Integer evalExamples;
    @Option(names = "--samples", paramLabel = "N", description = "Decoder samples for validity and uniqueness.") private Integer samples;
    @Option(names = "--labeled-block", paramLabel = "N", description = "Labeled batches per block (paper: 300).") private Integer labeledBlock;
    @Option(names = "--unlabeled-block", paramLabel = "N", description = "Unlabeled batches per block (0 = info-NAS's formula, about 200).")
    private Integer unlabeledBlock;
    @Option(names = "--top-k", paramLabel = "K", description = "Keep only the K most important target positions (0 = all 513).")
    private Integer topK;
    @Option(names = "--network-scaling", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Standardise each network's features with its own mean and std (default; the paper's scaler per network).")
    private boolean networkScaling;
    @Option(names = "--position-normalization", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Standardise each target position with train-set statistics (default).")
    private boolean positionNormalization;

    @Option(names = "--seed", paramLabel = "S", description = {"Seed of both models' initialisation, the unlabeled split, the data order,",
        "the sampling and the evaluation's subsets (default: the preset's, 1). A run resumes only with its own seed."})
    private Long seed;

    @Mixin
    private DeviceOption device;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "Unlabeled cells from the space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space; smaller for tests).")
    private int maxVertices;

    /** The preset with the options given on the command line in place of its settings. */
    SemiSupervisedConfig config() {
        SemiSupervisedConfig p = OptionValues.parse(spec, SemiSupervisedConfig::preset, preset);
        return p.toBuilder().epochs(OptionValues.or(epochs, p.epochs())).unlabeledCells(OptionValues.or(unlabeledCells, p.unlabeledCells()))
                .evalExamples(OptionValues.or(evalExamples, p.evalExamples())).samples(OptionValues.or(samples, p.samples()))
                .labeledBlock(OptionValues.or(labeledBlock, p.labeledBlock())).unlabeledBlock(OptionValues.or(unlabeledBlock, p.unlabeledBlock()))
                .targets(new TargetTransform.Options(networkScaling, positionNormalization, OptionValues.or(topK, p.targets().topK())))
                .seed(seed != null ? seed : p.seed()).build();
    }

    @Override
    public Integer call() throws Exception {
        Stderr stderr = GlobalOptions.stderr(spec);
        PrintStream log = stderr.log();
        PrintWriter stdout = spec.commandLine().getOut();
        SemiSupervisedConfig config = config();
        Device target = device.usable();
        Path figures = out.resolve("figures");
        try (IoDataset data = IoDataset.open(io, config.targets())) {
            // the unlabeled cells are the labeled networks' space's: the IO dataset names it
            EnumerationLog spaceLog = new EnumerationLog(new PrintWriter(log, true));
            CellSpace<?> space = data.space() == Nb201Space.INSTANCE ? Nb201Space.INSTANCE
                    : Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn);
            Arch2VecDataset cells = Arch2VecDataset.of(space);
            stdout.printf(Locale.ROOT, "io-model: %s on %s (%s, %d networks, targets of %d values); following info-NAS's code (spec A.3-A.4)%n",
                    config, io, space.name(), data.manifest().networks().size(), data.targetSize());
            stdout.flush();
            SemiSupervisedTrainer trainer = new SemiSupervisedTrainer(config, data, cells, space::indexOf, out, log).onDevice(target)
                    .withProgress(stderr.progress()).onEpoch(h -> {
                stdout.println(SemiSupervisedTrainer.summary(h.get(h.size() - 1)));
                stdout.flush();
                drawFigures(figures, h);
            });
            var r = untilEpoch == null ? trainer.train() : trainer.train(untilEpoch);
            if (!r.epochs().isEmpty()) {
                drawFigures(figures, r.epochs());
                IoEpochMetrics m = r.last();
                stdout.printf(Locale.ROOT, "after epoch %d, labeled L1 loss (model vs mean-vector baseline, 95%% intervals):%n", m.epoch());
                for (IoEpochMetrics.SetLoss s : m.sets())
                    stdout.printf(Locale.ROOT, "  %-22s %.4f [%.4f, %.4f]   baseline %.4f [%.4f, %.4f]   %s%n", s.set(), s.loss().mean(),
                            s.loss().lower(), s.loss().upper(), s.baseline().mean(), s.baseline().lower(), s.baseline().upper(),
                            s.loss().upper() < s.baseline().lower() ? "below baseline" : "NOT below baseline");
                stdout.printf(Locale.ROOT, "figures and CSV in %s%n", figures);
            }
        }
        return 0;
    }

    private static void drawFigures(Path dir, List<IoEpochMetrics> history) {
        try {
            IoModelFigures.write(dir, history);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
