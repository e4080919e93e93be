package ionas.experiments.cli;

import ionas.experiments.progress.Stderr;
import ionas.experiments.report.Arch2VecTableOne;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.arch2vec.DecoderInput;
import ionas.nas.arch2vec.KeepRule;
import ionas.nas.arch2vec.NodeFeatures;
import ionas.nas.arch2vec.TrainingRegime;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.nb201.Nb201GraphEncoding;
import ionas.nas.nb201.Nb201Records;
import ionas.tensor.Device;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas arch2vec train}: arch2vec's pre-training on the enumerated space (spec 3.6), or on NAS-Bench-201. */
@Command(name = "train",
        description = {"Pre-train arch2vec's VAE as the reference code does: 90/10 split by index, one fixed NumPy",
            "permutation (seed 1), batches of 32 in the same order every epoch, Adam 1e-3, clipping 5, 8 epochs.",
            "--space nb201: its NAS-Bench-201 script's settings (the cells in the benchmark's index order, seed 3, 10 epochs).",
            "Writes OUT/checkpoint.safetensors and OUT/metrics.json after every epoch; a killed run resumes."})
public final class Arch2VecTrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private SpaceOption spaceOption;

    @Option(names = "--epochs", description = "Epochs (default 8; 10 with --space nb201, as arch2vec).")
    private Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/arch2vec; runs/arch2vec-nb201 with --space nb201).")
    private Path out;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N cells of each permuted split (0 = all), for quick runs.")
    private int limit;

    @Option(names = "--seed", description = "NumPy permutation seed, initialisation and noise (default 1; 3 with --space nb201, as arch2vec).")
    private Long seed;

    @Option(names = "--samples", defaultValue = "10000", description = "Decoder samples for validity/uniqueness (default ${DEFAULT-VALUE}).")
    private int samples;

    @Option(names = "--until-epoch", paramLabel = "E", description = "Stop after epoch E this time (resume later).")
    private Integer untilEpoch;

    @Option(names = "--variant", defaultValue = "code",
            description = {"code (default): arch2vec's code, a sigmoid per op entry and the KL divided again by B*7;",
                "paper: its paper, a softmax per node over the ops and the plain ELBO's KL (spec 3.15)."})
    private String variant;

    @Option(names = "--regime", defaultValue = "code",
            description = {"code (default): as arch2vec's released script, training mode in epoch 1 and evaluation mode after it",
                "(z = mu, no dropout, batch-norm statistics frozen); train: training mode every epoch (the spec, info-NAS)."})
    private String regime;

    @Option(names = "--encoder", defaultValue = "arch2vec",
            description = {"arch2vec (default): the encoder sees each vertex's op one-hot; positional: the op one-hot and the",
                "one-hot of the vertex's index (its place in the topological order), which lets every cell be decoded exactly;",
                "ties: the op one-hot, and the index's one-hot only on vertices that colour refinement cannot tell from another of",
                "their cell (twins, padding), so that only the ties behind arch2vec's decoding ceiling are broken."})
    private String encoder;

    @Option(names = "--decoder", defaultValue = "arch2vec",
            description = {"arch2vec (default): each vertex is decoded from its z; positional: from z plus a learned vector per",
                "vertex index, which lets twins (same mu) be decoded apart while the encoder stays arch2vec's; positional-ops: edges",
                "from z alone as arch2vec, ops from z plus a learned score per vertex index and op."})
    private String decoder;

    @Option(names = "--keep", defaultValue = "last",
            description = {"last (default, arch2vec's): embed the model after the last epoch; best: the epoch that decodes the most cells of a",
                "validation slice identically (the last 10,000 training cells, then not trained on; never the held-out cells), kept in OUT/best.safetensors."})
    private String keep;

    @Mixin
    private DeviceOption device;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "Train on the space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space). NAS-Bench-101 only.")
    private int maxVertices;

    @Option(names = "--benchmark", paramLabel = "FILE",
            description = "--space nb201: the records file whose cells are trained on, in its index order (default DATA/nasbench201/nb201-val.json).")
    private Path benchmark;

    @Override
    public Integer call() throws Exception {
        SpaceName spaceName = spaceOption.of(spec);
        Arch2VecTrainer.Config preset = spaceName == SpaceName.NB201 ? Arch2VecTrainer.Config.paperNb201() : Arch2VecTrainer.Config.paper();
        int epochs = OptionValues.or(this.epochs, preset.epochs());
        long seed = this.seed != null ? this.seed : preset.seed();
        Path out = this.out != null ? this.out : Path.of(spaceName == SpaceName.NB201 ? "runs/arch2vec-nb201" : "runs/arch2vec");
        if (epochs < 1) throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        if (spaceName == SpaceName.NB201 && maxVertices != CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices is for NAS-Bench-101; NAS-Bench-201's cells all have 8 vertices in arch2vec's graph");
        if (spaceName == SpaceName.NB101 && benchmark != null)
            throw new ParameterException(spec.commandLine(), "--benchmark is for --space nb201; NAS-Bench-101 is trained on its enumerated space");
        // settle the variant before the space is loaded: a bad name is a usage error, not a late failure
        Arch2Vec.Variant v = OptionValues.parse(spec, Arch2Vec.Variant::of, variant);
        TrainingRegime r = OptionValues.parse(spec, TrainingRegime::of, regime);
        NodeFeatures f = OptionValues.parse(spec, NodeFeatures::of, encoder);
        DecoderInput d = OptionValues.parse(spec, DecoderInput::of, decoder);
        KeepRule k = OptionValues.parse(spec, KeepRule::of, keep);
        Device target = device.usable();
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Stderr stderr = GlobalOptions.stderr(spec);
        PrintStream log = stderr.log();
        long t0 = System.nanoTime();
        Arch2VecDataset data = spaceName == SpaceName.NB201 ? nb201Cells() : nb101Cells(err);
        Arch2VecTableOne published = spaceName == SpaceName.NB201 ? Arch2VecTableOne.NB201 : Arch2VecTableOne.NB101;
        Arch2VecTrainer.Config config = preset.withEpochs(epochs).withSeed(seed).withLimit(limit).withSamples(samples);
        Arch2VecDataset.Split limited = data.split(seed).limit(limit);
        Arch2VecDataset.Split split = limited.carveValidation(k.validationCells(limited.train().length));
        stdout.printf(Locale.ROOT, "arch2vec on %s: %d cells (%d train, %s%d held out%s), graphs of %d vertices and %d labels, data ready in %.1f s; %s%n",
                spaceName.title(), data.size(), split.train().length,
                split.validation().length > 0 ? split.validation().length + " validation, " : "", split.heldOut().length, limit > 0 ? ", --limit " + limit : "",
                data.layout().nodes(), data.layout().opTypes(), (System.nanoTime() - t0) / 1e9, config);
        stdout.printf(Locale.ROOT, "paper (%s): reconstruction accuracy %.2f%%, validity %.2f%%, uniqueness %.2f%%%n",
                published.where(), 100 * published.reconstruction(), 100 * published.validity(), 100 * published.uniqueness());
        stdout.println("epoch  train-loss  op-acc%  adj-acc%  identical%  ident-graph%  validity%  unique%  | N(0,I): valid%  unique%  seconds  batches/s"
                + (k == KeepRule.BEST ? "  | validation ident-graph%" : ""));
        stdout.flush();
        stdout.printf(Locale.ROOT, "following arch2vec's %s; regime %s; encoder %s; decoder %s; keeps %s%n",
                v == Arch2Vec.Variant.CODE ? "code (spec 3.3-3.7)" : "paper (softmax op decoder, plain ELBO)", regimeInWords(r), f, d, keepInWords(k));
        Arch2VecTrainer trainer = new Arch2VecTrainer(config, data, out, log).variant(v).regime(r).features(f).decoder(d).keep(k).onDevice(target).withProgress(stderr.progress()).onEpoch(m -> {
            stdout.printf(Locale.ROOT, "%5d  %10.5f  %7.3f  %8.3f  %10.3f  %12.3f  %9.2f  %7.2f  |         %6.2f  %7.2f  %7.1f  %9.1f%s%n", m.epoch(),
                    m.trainLoss(), 100 * m.opAccuracy(), 100 * m.adjacencyAccuracy(), 100 * m.identical(), 100 * m.identicalGraph(), 100 * m.validity(),
                    100 * m.uniqueness(), 100 * m.validityStdNormal(), 100 * m.uniquenessStdNormal(), m.seconds(), m.batchesPerSecond(),
                    k == KeepRule.BEST ? String.format(Locale.ROOT, "  |  %23.3f", 100 * m.validationIdenticalGraph()) : "");
            stdout.flush();
        });
        var result = untilEpoch == null ? trainer.train() : trainer.train(untilEpoch);
        if (result.resumed()) stdout.println("(resumed from " + out.resolve(Arch2VecTrainer.CHECKPOINT) + ")");
        if (!result.epochs().isEmpty()) {
            var m = result.last();
            stdout.printf(Locale.ROOT, "regime %s, encoder %s, decoder %s, after epoch %d: identical decoding %.2f%% (all %d op rows) / %.2f%% (padding rows ignored) (paper %.2f%%), validity %.2f%% (paper %.2f%%), "
                    + "uniqueness %.2f%% (paper %.2f%%); checkpoint %s%n", r, f, d, m.epoch(), 100 * m.identical(), data.layout().nodes(),
                    100 * m.identicalGraph(), 100 * published.reconstruction(), 100 * m.validity(), 100 * published.validity(), 100 * m.uniqueness(),
                    100 * published.uniqueness(), out.resolve(Arch2VecTrainer.CHECKPOINT));
            if (spaceName == SpaceName.NB201)
                stdout.printf(Locale.ROOT, "uniqueness counts distinct cells; counted as arch2vec's script does, by the graph hash of the decoded"
                        + " adjacency and labels (a cell decoded with other edges counts again): %.2f%% (paper %.2f%%)%n",
                        100 * m.uniquenessOfGraphs(), 100 * published.uniqueness());
            if (k == KeepRule.BEST) {
                var kept = result.kept();
                stdout.printf(Locale.ROOT, "kept epoch %d of %d (--keep best: highest identical decoding on the %d validation cells, %.2f%%): held out, identical"
                        + " decoding %.2f%% (padding rows ignored), validity %.2f%%, uniqueness %.2f%%; checkpoint %s%n", result.keptEpoch(), m.epoch(),
                        split.validation().length, 100 * kept.validationIdenticalGraph(), 100 * kept.identicalGraph(), 100 * kept.validity(),
                        100 * kept.uniqueness(), result.keptCheckpoint());
            }
        }
        return 0;
    }

    private Arch2VecDataset nb101Cells(PrintWriter err) throws java.io.IOException {
        EnumerationLog spaceLog = new EnumerationLog(err);
        return Arch2VecDataset.of(Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn));
    }

    /** The records' cells in the benchmark's index order, as arch2vec numbers them: its split is the first 90% of that order. */
    private Arch2VecDataset nb201Cells() throws java.io.IOException {
        Path file = benchmark != null ? benchmark : Nb201Records.defaultFile(GlobalOptions.of(spec).dataDir());
        return Arch2VecDataset.of(Nb201Records.load(file).cells(), Nb201GraphEncoding.INSTANCE);
    }

    private static String keepInWords(KeepRule k) {
        return k == KeepRule.BEST ? "the epoch of the best identical decoding on a validation slice of the training cells" : "the last epoch";
    }

    private static String regimeInWords(TrainingRegime r) {
        return r + (r == TrainingRegime.CODE ? " (training mode in epoch 1, evaluation mode after it, as arch2vec's released script)"
                : " (training mode every epoch, as the spec and info-NAS)");
    }
}
