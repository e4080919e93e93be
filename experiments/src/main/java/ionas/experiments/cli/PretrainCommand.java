package ionas.experiments.cli;

import ionas.nas.cifar.Cifar10;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.nb101.CellList;
import ionas.nas.pretrain.PretrainConfig;
import ionas.nas.pretrain.Pretrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ionas pretrain}: trains NAS-Bench-101 networks on CIFAR-10 with the paper's settings,
 * skipping networks already done and resuming interrupted ones; {@code --shard i/n} for job arrays.
 */
@Command(name = "pretrain",
        description = {"Train NAS-Bench-101 networks on CIFAR-10 as the paper did (SGD lr 0.025 cosine to 0,",
            "momentum 0.9, weight decay 1e-4, clipping 5, batch 128, 12 epochs, 49,000/1,000 split).",
            "Writes OUT/<name>/checkpoint.safetensors and metrics.json; finished networks are skipped,",
            "interrupted ones resume after their last finished epoch."})
public final class PretrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--cells", required = true, paramLabel = "FILE",
            description = "JSON list of cells: [{\"name\":..., \"matrix\": [[...]], \"ops\": [...]}, ...].")
    private Path cells;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/pretrain", description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--epochs", defaultValue = "12", description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--until-epoch", paramLabel = "E", description = "Stop after epoch E this time (resume later).")
    private Integer untilEpoch;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--stem", defaultValue = "128", description = "Stem channels (default: ${DEFAULT-VALUE}).")
    private int stem;

    @Option(names = "--stacks", defaultValue = "3", description = "Stacks (default: ${DEFAULT-VALUE}).")
    private int stacks;

    @Option(names = "--cells-per-stack", defaultValue = "3", description = "Cells per stack (default: ${DEFAULT-VALUE}).")
    private int cellsPerStack;

    @Option(names = "--train-images", defaultValue = "0",
            description = "Use only the first N of the 49,000 training images (0 = all; for quick runs).")
    private int trainImages;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, order and augmentation (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class, defaultValue = "0/1",
            description = "Train only cells whose index modulo n is i (default: all).")
    private Shard shard;

    @Override
    public Integer call() throws Exception {
        PrintStream log = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        List<CellList.Named> list = CellList.read(cells);
        PretrainConfig config = PretrainConfig.paper().withEpochs(epochs).withNetwork(stem, stacks, cellsPerStack)
                .withData(batch, trainImages).withSeed(seed);
        Path data = GlobalOptions.of(spec).dataDir();
        CifarImages train = Cifar10.train(data);
        Pretrainer trainer = new Pretrainer(config, train, CifarSplit.paper(), out, log);
        int done = 0, skipped = 0, mine = 0;
        for (int i = 0; i < list.size(); i++) if (shard.owns(i)) mine++;
        int k = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!shard.owns(i)) continue;
            CellList.Named c = list.get(i);
            k++;
            if (Pretrainer.isCompleted(out.resolve(c.name()))) {
                skipped++;
                continue;
            }
            log.printf(Locale.ROOT, "[%d/%d] %s%n", k, mine, c.name());
            var r = untilEpoch == null ? trainer.train(c.name(), c.cell()) : trainer.train(c.name(), c.cell(), untilEpoch);
            done++;
            spec.commandLine().getOut().printf(Locale.ROOT, "%s: validation accuracy %.4f after %d epochs%n",
                    c.name(), r.last().validationAccuracy(), r.last().epoch());
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "shard %s: %d trained, %d already done, of %d cells%n",
                shard, done, skipped, mine);
        return 0;
    }
}
