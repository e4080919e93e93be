package ionas.experiments.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --space nb101|nb201}, for the commands that run on either space. */
final class SpaceOption {
    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb101",
            description = "nb101 (default): NAS-Bench-101; nb201: NAS-Bench-201 (its cells from DATA/nasbench201/nb201-val.json).")
    private String space;

    /** The space named, or a usage error naming the bad value. */
    SpaceName of(CommandSpec spec) {
        return OptionValues.parse(spec, SpaceName::of, space);
    }
}
