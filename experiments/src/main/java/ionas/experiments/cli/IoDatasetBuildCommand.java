package ionas.experiments.cli;

import ionas.experiments.progress.Stderr;
import ionas.nas.cifar.Cifar10;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.iodata.IoDatasetBuilder;
import ionas.nas.iodata.IoImages;
import ionas.nas.iodata.IoManifest;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas io-dataset build}: runs every pretrained network on the images and joins the results. */
@Command(name = "build",
        description = {"Run each pretrained network (an `ionas pretrain --select T,V` folder) in evaluation mode on the",
            "1,000 held-out CIFAR-10 training images and on 2,000 test images, keeping its 512 pooled features",
            "and its dense layer; then fit the target statistics and write the manifest. Networks already done",
            "are skipped, so a killed run resumes; --shard i/n splits the networks for a job array, and the",
            "shard that finds every network done writes the manifest (or run once more without --shard)."})
public final class IoDatasetBuildCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--pretrained", paramLabel = "DIR", defaultValue = "runs/pretrain",
            description = "Pretraining output with train/<hash>/ and validation/<hash>/ (default ${DEFAULT-VALUE}).")
    private Path pretrained;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/io-dataset", description = "Output folder (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--seen-images", defaultValue = "1000",
            description = "Held-out training images per network (default ${DEFAULT-VALUE}, all of them).")
    private int seenImages;

    @Option(names = "--unseen-images", defaultValue = "2000", description = "Test images per network (default ${DEFAULT-VALUE}).")
    private int unseenImages;

    @Option(names = "--frozen-augmentation", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = {"The seen images carry one random crop/flip each, as info-NAS's validation loader gave them",
                "(default); --no-frozen-augmentation uses the plain images."})
    private boolean frozenAugmentation;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the test-image choice, the augmentation and the held-out tenth (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--shard", paramLabel = "i/n", converter = Shard.Converter.class, defaultValue = "0/1",
            description = "Run only networks whose index modulo n is i (default: all).")
    private Shard shard;

    @Mixin
    private DeviceOption device;

    @Override
    public Integer call() throws Exception {
        Stderr stderr = GlobalOptions.stderr(spec);
        PrintStream log = stderr.log();
        PrintWriter stdout = spec.commandLine().getOut();
        IoDatasetBuilder.Config config = new IoDatasetBuilder.Config(seenImages, unseenImages, seed, frozenAugmentation, 0.1);
        IoDatasetBuilder builder = new IoDatasetBuilder(config, pretrained, out, log).onDevice(device.usable()).withProgress(stderr.progress());
        int networks = builder.networks().size();
        Path data = GlobalOptions.of(spec).dataDir();
        boolean anySize = GlobalOptions.of(spec).cifarAnySize();
        CifarImages train = Cifar10.train(data, anySize), test = Cifar10.test(data, anySize);
        long t0 = System.nanoTime();
        IoImages images = builder.images(train, CifarSplit.forTrainingSet(train.count()).validation(), test);
        int done = builder.extract(images, shard.index(), shard.count());
        stdout.printf(Locale.ROOT, "shard %s: ran %d networks (%.1f s); %d of %d networks of %s are done%n", shard, done,
                (System.nanoTime() - t0) / 1e9, networks - builder.missing().size(), networks, pretrained);
        if (!builder.missing().isEmpty()) {
            stdout.println("the manifest is written once every network is done (run the other shards, then this command again)");
            return 0;
        }
        IoManifest m = builder.join(images);
        stdout.printf(Locale.ROOT, "IO dataset ready in %s: %d networks, %d features, %d seen + %d unseen images%n", out, m.networks().size(),
                m.featureDim(), m.seenImages(), m.unseenImages());
        return 0;
    }
}
