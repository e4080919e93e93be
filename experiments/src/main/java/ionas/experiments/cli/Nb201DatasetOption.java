package ionas.experiments.cli;

import ionas.nas.nb201.Nb201Dataset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --dataset}: which of NAS-Bench-201's validation accuracies a command with {@code --space nb201} reads. */
final class Nb201DatasetOption {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "--space nb201: whose validation accuracy is used: cifar10-valid (default), cifar100 or ImageNet16-120.")
    private String dataset;

    /**
     * The data set named (cifar10-valid when none is), or a usage error naming the bad value. With
     * another space, whose records are of one data set, naming one is a usage error too, not an
     * option silently ignored.
     */
    Nb201Dataset of(CommandSpec spec, SpaceName space) {
        if (dataset == null) return Nb201Dataset.CIFAR10_VALID;
        if (space != SpaceName.NB201)
            throw new ParameterException(spec.commandLine(), "--dataset " + dataset + ": only --space nb201 has several data sets"
                    + " (" + space.title() + "'s records are of CIFAR-10 alone)");
        return OptionValues.parse(spec, Nb201Dataset::parse, dataset);
    }
}
