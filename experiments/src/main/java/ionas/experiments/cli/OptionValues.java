package ionas.experiments.cli;

import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Small helpers the commands share for turning option values into settings. */
final class OptionValues {
    private OptionValues() {}

    /**
     * {@code parser.apply(value)}, with an {@link IllegalArgumentException} (a bad preset or variant
     * name) reported as a usage error of the command: exit code 2 and the usage printed.
     */
    static <T> T parse(CommandSpec spec, Function<String, T> parser, String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** An option that overrides a preset's value when given. */
    static int or(Integer value, int presetValue) {
        return value != null ? value : presetValue;
    }
}
