package ionas.experiments.cli;

import ionas.experiments.progress.Stderr;
import ionas.nas.Claim;
import ionas.nas.Progress;
import ionas.nas.cifar.Cifar10;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.nb101.CellList;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.nb201.Nb201Space;
import ionas.nas.pretrain.PaperSelection;
import ionas.nas.pretrain.PretrainConfig;
import ionas.nas.pretrain.Pretrainer;
import ionas.nas.space.CellKind;
import ionas.nas.space.CellSpace;
import ionas.tensor.Device;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ionas pretrain}: trains NAS-Bench-101 (or, with {@code --space nb201}, NAS-Bench-201)
 * networks on CIFAR-10 with the paper's settings, skipping networks already done and resuming
 * interrupted ones; {@code --shard i/n} for job arrays.
 */
@Command(name = "pretrain",
        description = {"Train NAS-Bench-101 (or, with --space nb201, NAS-Bench-201) networks on CIFAR-10 as the paper did.",
            "SGD lr 0.025 cosine to 0, momentum 0.9, weight decay 1e-4, clipping 5, batch 128, 12 epochs,",
            "49,000/1,000 split; presets and measurements in docs/pretraining.md.",
            "Writes OUT/<name>/checkpoint.safetensors and metrics.json; finished networks are skipped,",
            "interrupted ones resume after their last finished epoch."})
public final class PretrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Where the cells come from: a file, or the paper's random choice from the enumerated space. */
    static final class Source {
        @Option(names = "--cells", paramLabel = "FILE",
                description = "JSON list of cells: [{\"name\":..., \"matrix\": [[...]], \"ops\": [...]}, ...].")
        Path cells;

        @Option(names = "--select", paramLabel = "T,V", split = ",",
                description = {"Choose T training and V held-out networks as the paper did (from arch2vec's",
                    "90/10 split of the space; for NAS-Bench-101 ./ionas nb101 enumerate builds it). E.g. --select 2,1"})
        List<Integer> select;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--preset", defaultValue = "paper", description = {"paper (GPU: stem 128, 3x3 cells, 12 epochs),",
        "small (CPU: stem 16, 3x1 cells, 6 epochs, batch 64), quick (small's network, 1 epoch), tiny (seconds: for tests).",
        "Default: ${DEFAULT-VALUE}.",
        "The options below override the preset."})
    private String preset;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/pretrain", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--epochs") private Integer epochs;
    @Option(names = "--batch") private Integer batch;
    @Option(names = "--stem", description = {"Stem channels. The shape options size NAS-Bench-201's network too",
        "(its benchmark's: --stem 16 --stacks 3 --cells-per-stack 5)."}) private Integer stem;
    @Option(names = "--stacks") private Integer stacks;
    @Option(names = "--cells-per-stack") private Integer cellsPerStack;
    @Option(names = "--train-images", description = "Use the first N of the 49,000 training images (0 = all).") private Integer trainImages;
    @Option(names = "--test-images", description = "Test accuracy on the first N test images (0 = all).") private Integer testImages;
    @Option(names = "--seed", description = "Seed of initialisation, data order and augmentation.") private Long seed;

    @Mixin
    private DeviceOption device;

    @Mixin
    private SpaceOption space;

    @Option(names = "--until-epoch", paramLabel = "E", description = "Stop after epoch E this time (resume later).")
    private Integer untilEpoch;

    @Option(names = "--max-vertices", paramLabel = "N", defaultValue = "7", hidden = true,
            description = "With --select: choose from the space of cells with at most N vertices (for tests).")
    private int maxVertices;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class, defaultValue = "0/1",
            description = "Train only cells whose index modulo n is i (default: all).")
    private Shard shard;

    /** The preset with the options given on the command line in place of its settings. */
    PretrainConfig config() {
        PretrainConfig p = OptionValues.parse(spec, PretrainConfig::preset, preset);
        return p.toBuilder().epochs(OptionValues.or(epochs, p.epochs())).batchSize(OptionValues.or(batch, p.batchSize()))
                .stemChannels(OptionValues.or(stem, p.stemChannels())).stacks(OptionValues.or(stacks, p.stacks()))
                .cellsPerStack(OptionValues.or(cellsPerStack, p.cellsPerStack())).seed(seed != null ? seed : p.seed())
                .trainImages(OptionValues.or(trainImages, p.trainImages())).testImages(OptionValues.or(testImages, p.testImages()))
                .build();
    }

    @Override
    public Integer call() throws Exception {
        Stderr stderr = GlobalOptions.stderr(spec);
        PretrainConfig config = config();
        // checked before any folder is made: --until-epoch 0 used to fail deep in the trainer and leave an empty one
        if (untilEpoch != null && untilEpoch < 1) throw new ParameterException(spec.commandLine(), "--until-epoch must be at least 1, got " + untilEpoch);
        Device target = device.usable();
        SpaceName spaceName = space.of(spec);
        if (spaceName == SpaceName.NB201) {
            if (source.cells != null)
                throw new ParameterException(spec.commandLine(), "--cells lists NAS-Bench-101 cells; with --space nb201 choose them with --select T,V");
            return pretrain(Nb201Space.INSTANCE, selected(Nb201Space.INSTANCE), config, target, stderr);
        }
        return pretrain(Nb101Cells.KIND, nb101Cells(stderr.log()), config, target, stderr);
    }

    /** A network to train: its folder under --out and its cell. */
    private record Job<C>(String name, C cell) {}

    private <C> Integer pretrain(CellKind<C> kind, List<Job<C>> list, PretrainConfig config, Device target, Stderr stderr) throws Exception {
        PrintStream log = stderr.log();
        PrintWriter stdout = spec.commandLine().getOut();
        Path data = GlobalOptions.of(spec).dataDir();
        boolean anySize = GlobalOptions.of(spec).cifarAnySize();
        CifarImages train = Cifar10.train(data, anySize), test = Cifar10.test(data, anySize);
        Pretrainer trainer = new Pretrainer(config, train, test, CifarSplit.forTrainingSet(train.count()), out, log)
                .withProgress(stderr.progress()).onDevice(target);
        log.println("pretraining " + kind.name() + " networks with " + config);
        int done = 0, skipped = 0, elsewhere = 0, mine = 0, todo = 0, k = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!shard.owns(i)) continue;
            mine++;
            if (!Pretrainer.isCompleted(out.resolve(list.get(i).name()))) todo++;
        }
        try (Progress.Task networks = stderr.progress().start("pretrain", todo, "networks")) {
            for (int i = 0; i < list.size(); i++) {
                if (!shard.owns(i)) continue;
                Job<C> c = list.get(i);
                k++;
                trainer.requireSameWork(c.name(), kind, c.cell()); // "already done" only for the same cell and settings
                if (Pretrainer.isCompleted(out.resolve(c.name()))) {
                    skipped++;
                    continue;
                }
                Path lock = Claim.lockFileOf(out.resolve(c.name()));
                Files.createDirectories(lock.getParent());
                Optional<Claim> claim = Claim.tryClaim(lock);
                if (claim.isEmpty()) { // a job-array task sharing --out is training it
                    log.printf(Locale.ROOT, "[%d/%d] %s: being trained by another process, left to it%n", k, mine, c.name());
                    elsewhere++;
                    continue;
                }
                log.printf(Locale.ROOT, "[%d/%d] %s%n", k, mine, c.name());
                long t0 = System.nanoTime();
                Pretrainer.Result r;
                try (Claim held = claim.get()) {
                    r = trainer.train(c.name(), kind, c.cell(), untilEpoch == null ? config.epochs() : untilEpoch);
                }
                done++;
                networks.step();
                stdout.printf(Locale.ROOT, "%s: %d epochs, validation accuracy %.4f%s (%.0f s)%n", c.name(), r.last().epoch(),
                        r.last().validationAccuracy(),
                        Double.isNaN(r.testAccuracy()) ? "" : String.format(Locale.ROOT, ", test accuracy %.4f", r.testAccuracy()),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        stdout.printf(Locale.ROOT, "shard %s: %d trained, %d already done, %d being trained by another process, of %d cells%n", shard,
                done, skipped, elsewhere, mine);
        return 0;
    }

    private List<Job<CellSpec>> nb101Cells(PrintStream log) throws Exception {
        if (source.cells != null) return CellList.read(source.cells).stream().map(c -> new Job<>(c.name(), c.cell())).toList();
        EnumerationLog spaceLog = new EnumerationLog(new PrintWriter(log, true));
        return selected(Nb101Space.upTo(maxVertices, spaceLog.progress(), spaceLog::warn));
    }

    /** The paper's choice of networks from {@code space}, each in {@code train/} or {@code validation/} under its cell's file name. */
    private <C> List<Job<C>> selected(CellSpace<C> space) {
        if (source.select.size() != 2) throw new ParameterException(spec.commandLine(), "--select takes two counts: T,V");
        PaperSelection s = PaperSelection.of(space, source.select.get(0), source.select.get(1), 1);
        List<Job<C>> out = new ArrayList<>();
        for (String key : s.trainHashes()) out.add(job("train/", space, key));
        for (String key : s.validationHashes()) out.add(job("validation/", space, key));
        return out;
    }

    private static <C> Job<C> job(String role, CellSpace<C> space, String key) {
        C cell = space.byKey(key);
        return new Job<>(role + space.fileName(cell), cell);
    }
}
