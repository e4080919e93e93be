package ionas.experiments.cli;

import ionas.nas.iodata.IoDataset;
import ionas.nas.iodata.IoSet;
import ionas.nas.iodata.TargetTransform;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ionas io-dataset info}: what a built IO dataset holds (the paper's Table 2 for it). */
@Command(name = "info", description = "Print the sets of a built IO dataset and their sizes (the paper's Table 2).")
public final class IoDatasetInfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "runs/io-dataset", description = "The dataset folder (default ${DEFAULT-VALUE}).")
    private Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (IoDataset d = IoDataset.open(dir, TargetTransform.Options.paper())) {
            var m = d.manifest();
            out.printf(Locale.ROOT, "%s: %d networks (%d train, %d validation), %d pooled features, %d seen and %d unseen images%n", dir,
                    m.networks().size(), d.networks(IoSet.TRAIN).length, d.networks(IoSet.VALID_UNSEEN_NETWORKS).length, m.featureDim(),
                    m.seenImages(), m.unseenImages());
            out.printf(Locale.ROOT, "%-22s %9s %7s %10s  %s%n", "set", "networks", "images", "examples", "");
            for (IoSet s : IoSet.values())
                out.printf(Locale.ROOT, "%-22s %9d %7d %10d  %s%n", s.key(), d.networks(s).length, d.imagesPerNetwork(s), d.size(s), s.description());
            out.printf(Locale.ROOT, "targets: %s%n", d.transform());
        }
        return 0;
    }
}
