package ionas.experiments.cli;

import ionas.nas.nb201.Nb201Dataset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --dataset}: which of NAS-Bench-201's validation accuracies a command with {@code --space nb201} reads. */
final class Nb201DatasetOption {
    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "cifar10-valid",
            description = "--space nb201: whose validation accuracy is used: cifar10-valid (default), cifar100 or ImageNet16-120.")
    private String dataset;

    /** The data set named, or a usage error naming the bad value. */
    Nb201Dataset of(CommandSpec spec) {
        return OptionValues.parse(spec, Nb201Dataset::parse, dataset);
    }
}
