package ionas.experiments.cli;

import picocli.CommandLine.Command;

/** {@code ionas nb201 ...}: the NAS-Bench-201 space and its benchmark records. */
@Command(name = "nb201",
        description = "The NAS-Bench-201 cell space and benchmark records.",
        subcommands = {Nb201InfoCommand.class})
public final class Nb201Command extends CommandGroup {
}
