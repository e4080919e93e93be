package ionas.experiments.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ionas nb101 ...}: the NAS-Bench-101 space and benchmark data. Each action is a subcommand
 * class of its own, listed in {@code subcommands}.
 */
@Command(name = "nb101",
        description = "The NAS-Bench-101 cell space and benchmark records.",
        subcommands = {Nb101EnumerateCommand.class, Nb101InfoCommand.class, Nb101CheckParamsCommand.class})
public final class Nb101Command implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing action: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
