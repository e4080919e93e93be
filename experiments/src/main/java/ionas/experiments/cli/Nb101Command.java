package ionas.experiments.cli;

import picocli.CommandLine.Command;

/**
 * {@code ionas nb101 ...}: the NAS-Bench-101 space and benchmark data. Each action is a subcommand
 * class of its own, listed in {@code subcommands}.
 */
@Command(name = "nb101",
        description = "The NAS-Bench-101 cell space and benchmark records.",
        subcommands = {Nb101EnumerateCommand.class, Nb101InfoCommand.class, Nb101CheckParamsCommand.class})
public final class Nb101Command extends CommandGroup {
}
