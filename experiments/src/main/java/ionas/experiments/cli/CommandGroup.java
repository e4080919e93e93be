package ionas.experiments.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code ionas nb101}, {@code ionas data}, ...): run on
 * its own, it is a usage error that lists the choices.
 */
abstract class CommandGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public final void run() {
        throw new ParameterException(spec.commandLine(), "Missing " + what() + ": choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** The word for a subcommand in the error ("action", "tour"). */
    String what() {
        return "action";
    }
}
