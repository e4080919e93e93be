package ionas.experiments.cli;

import ionas.experiments.progress.Stderr;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.arch2vec.DecoderInput;
import ionas.nas.arch2vec.NodeFeatures;
import ionas.nas.arch2vec.TrainingRegime;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Space;
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

/** {@code ionas arch2vec train}: arch2vec's pre-training on the enumerated space (spec 3.6). */
@Command(name = "train",
        description = {"Pre-train arch2vec's VAE as the reference code does: 90/10 split by index, one fixed NumPy",
            "permutation (seed 1), batches of 32 in the same order every epoch, Adam 1e-3, clipping 5, 8 epochs.",
            "Writes OUT/checkpoint.safetensors and OUT/metrics.json after every epoch; a killed run resumes."})
public final class Arch2VecTrainCommand implements Callable<Integer> {
    /** Table 1 of the paper (NAS-Bench-101, arch2vec): reconstruction accuracy, validity, uniqueness, %. */
    static final double PAPER_ACCURACY = 100, PAPER_VALIDITY = 44.97, PAPER_UNIQUENESS = 99.69;

    @Spec
    private CommandSpec spec;

    @Option(names = "--epochs", defaultValue = "8", description = "Epochs (default ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/arch2vec", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Use only the first N cells of each permuted split (0 = all), for quick runs.")
    private int limit;

    @Option(names = "--seed", defaultValue = "1", description = "NumPy permutation seed, initialisation and noise (default ${DEFAULT-VALUE}).")
    private long seed;

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

    @Mixin
    private DeviceOption device;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7",
            description = "Train on the space of cells with at most N vertices (default ${DEFAULT-VALUE}: the full space).")
    private int maxVertices;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
        if (maxVertices < 2 || maxVertices > CellSpec.MAX_VERTICES)
            throw new ParameterException(spec.commandLine(), "--max-vertices must be 2.." + CellSpec.MAX_VERTICES);
        // settle the variant before the space is loaded: a bad name is a usage error, not a late failure
        Arch2Vec.Variant v = OptionValues.parse(spec, Arch2Vec.Variant::of, variant);
        TrainingRegime r = OptionValues.parse(spec, TrainingRegime::of, regime);
        NodeFeatures f = OptionValues.parse(spec, NodeFeatures::of, encoder);
        DecoderInput d = OptionValues.parse(spec, DecoderInput::of, decoder);
        Device target = device.usable();
        PrintWriter stdout = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Stderr stderr = GlobalOptions.stderr(spec);
        PrintStream log = stderr.log();
        long t0 = System.nanoTime();
        EnumerationLog spaceLog = new EnumerationLog(err);
        Nb101Space space = Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn);
        Arch2VecDataset data = Arch2VecDataset.of(space);
        Arch2VecTrainer.Config config = Arch2VecTrainer.Config.paper().withEpochs(epochs).withSeed(seed).withLimit(limit).withSamples(samples);
        Arch2VecDataset.Split split = data.split(seed).limit(limit);
        stdout.printf(Locale.ROOT, "arch2vec: %d cells (%d train, %d held out%s), data ready in %.1f s; %s%n", data.size(),
                split.train().length, split.heldOut().length, limit > 0 ? ", --limit " + limit : "", (System.nanoTime() - t0) / 1e9, config);
        stdout.printf(Locale.ROOT, "paper (Table 1, NAS-Bench-101): reconstruction accuracy %.2f%%, validity %.2f%%, uniqueness %.2f%%%n",
                PAPER_ACCURACY, PAPER_VALIDITY, PAPER_UNIQUENESS);
        stdout.println("epoch  train-loss  op-acc%  adj-acc%  identical%  ident-graph%  validity%  unique%  | N(0,I): valid%  unique%  seconds  batches/s");
        stdout.flush();
        stdout.printf(Locale.ROOT, "following arch2vec's %s; regime %s; encoder %s; decoder %s%n",
                v == Arch2Vec.Variant.CODE ? "code (spec 3.3-3.7)" : "paper (softmax op decoder, plain ELBO)", regimeInWords(r), f, d);
        Arch2VecTrainer trainer = new Arch2VecTrainer(config, data, out, log).variant(v).regime(r).features(f).decoder(d).onDevice(target).withProgress(stderr.progress()).onEpoch(m -> {
            stdout.printf(Locale.ROOT, "%5d  %10.5f  %7.3f  %8.3f  %10.3f  %12.3f  %9.2f  %7.2f  |         %6.2f  %7.2f  %7.1f  %9.1f%n", m.epoch(),
                    m.trainLoss(), 100 * m.opAccuracy(), 100 * m.adjacencyAccuracy(), 100 * m.identical(), 100 * m.identicalGraph(), 100 * m.validity(),
                    100 * m.uniqueness(), 100 * m.validityStdNormal(), 100 * m.uniquenessStdNormal(), m.seconds(), m.batchesPerSecond());
            stdout.flush();
        });
        var result = untilEpoch == null ? trainer.train() : trainer.train(untilEpoch);
        if (result.resumed()) stdout.println("(resumed from " + out.resolve(Arch2VecTrainer.CHECKPOINT) + ")");
        if (!result.epochs().isEmpty()) {
            var m = result.last();
            stdout.printf(Locale.ROOT, "regime %s, encoder %s, decoder %s, after epoch %d: identical decoding %.2f%% (all 7 op rows) / %.2f%% (padding rows ignored) (paper %.2f%%), validity %.2f%% (paper %.2f%%), "
                    + "uniqueness %.2f%% (paper %.2f%%); checkpoint %s%n", r, f, d, m.epoch(), 100 * m.identical(), 100 * m.identicalGraph(), PAPER_ACCURACY,
                    100 * m.validity(), PAPER_VALIDITY, 100 * m.uniqueness(), PAPER_UNIQUENESS, out.resolve(Arch2VecTrainer.CHECKPOINT));
        }
        return 0;
    }

    private static String regimeInWords(TrainingRegime r) {
        return r + (r == TrainingRegime.CODE ? " (training mode in epoch 1, evaluation mode after it, as arch2vec's released script)"
                : " (training mode every epoch, as the spec and info-NAS)");
    }
}
