package ionas.experiments.cli;

import ionas.experiments.data.Download;
import ionas.experiments.data.TarGz;
import ionas.nas.cifar.Cifar10;
import ionas.nas.nb101.data.BenchmarkFiles;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ionas data download}: fetches the official data sets into the data folder. */
@Command(name = "data", description = "The data sets.", subcommands = {DataCommand.DownloadCommand.class})
public final class DataCommand extends CommandGroup {

    /** The official files, with their published checksums where there is one. */
    static final Download.Source CIFAR10 = new Download.Source(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530");
    static final Download.Source NASBENCH = new Download.Source(
            URI.create("https://storage.googleapis.com/nasbench/nasbench_only108.tfrecord"), null);

    @Command(name = "download",
            description = {"Download CIFAR-10 (binary version, 162 MiB) and NAS-Bench-101 (nasbench_only108.tfrecord, ~500 MB)",
                "into the data folder (--data). Interrupted downloads resume; finished files are skipped."})
    static final class DownloadCommand implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--what", split = ",", defaultValue = "cifar10,nasbench",
                description = "Which: cifar10, nasbench (default: both).")
        private List<String> what;

        @Override
        public Integer call() throws Exception {
            PrintStream log = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
            Path data = GlobalOptions.of(spec).dataDir();
            for (String w : what) {
                switch (w) {
                    case "cifar10" -> {
                        Path done = data.resolve(Cifar10.FOLDER).resolve("test_batch.bin");
                        if (Files.exists(done)) {
                            log.println("CIFAR-10 is already in " + done.getParent());
                            continue;
                        }
                        Path archive = data.resolve("cifar-10-binary.tar.gz");
                        if (!Files.exists(archive)) Download.fetch(CIFAR10, archive, log);
                        TarGz.extract(archive, data);
                        log.println("CIFAR-10 unpacked into " + data.resolve(Cifar10.FOLDER));
                    }
                    case "nasbench" -> {
                        Path file = BenchmarkFiles.official(data);
                        if (Files.exists(file)) {
                            log.println("NAS-Bench-101 is already at " + file);
                            continue;
                        }
                        Download.fetch(NASBENCH, file, log);
                        log.println("NAS-Bench-101 saved to " + file);
                    }
                    default -> throw new ParameterException(spec.commandLine(), "unknown data set '" + w + "': expected cifar10 or nasbench");
                }
            }
            return 0;
        }
    }
}
