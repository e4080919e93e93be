package ionas.experiments.cli;

import ionas.experiments.progress.ProgressMode;
import ionas.experiments.progress.Stderr;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every ionas command accepts, before or after the command's name
 * ({@code ionas --data D info} or {@code ionas info --data D}).
 *
 * <p>A command reads them with {@code GlobalOptions.of(spec)}, where {@code spec} is its injected
 * {@code @Spec CommandSpec}.
 */
public final class GlobalOptions {
    /** The environment variable that names the data folder when --data is not given. */
    public static final String DATA_ENV = "IONAS_DATA";

    @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = {"Folder with the data sets (cifar-10-batches-bin/, nasbench101/).",
                "Default: $" + DATA_ENV + ", else ../shared/data if it exists, else ./data."})
    private Path data;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    private boolean verbose;

    @Option(names = "--progress", paramLabel = "HOW", defaultValue = "auto", converter = ProgressConverter.class, scope = ScopeType.INHERIT,
            description = {"How long steps show progress on stderr: auto (default: a bar with the time left on a",
                "terminal, else a plain line at most every 30 s and one when a step ends), bar, lines or off."})
    private ProgressMode progress = ProgressMode.AUTO;

    @Option(names = "--cifar-any-size", scope = ScopeType.INHERIT,
            description = {"Accept CIFAR-10 batch files of any whole number of images (tests, toy runs); by default each",
                "must hold the official 10,000, since a cut file changes the paper's split and test set."})
    private boolean cifarAnySize;

    public boolean verbose() {
        return verbose;
    }

    /** The --cifar-any-size choice. */
    public boolean cifarAnySize() {
        return cifarAnySize;
    }

    /** The --progress choice. */
    public ProgressMode progressMode() {
        return progress;
    }

    /** The stderr of the command of {@code spec}, for its log and the progress of its long steps (as --progress says). */
    public static Stderr stderr(CommandSpec spec) {
        return new Stderr(spec.commandLine().getErr(), of(spec).progress);
    }

    static final class ProgressConverter implements ITypeConverter<ProgressMode> {
        @Override
        public ProgressMode convert(String value) {
            return ProgressMode.of(value);
        }
    }

    /** The data folder: --data, else $IONAS_DATA, else ../shared/data if it exists, else ./data. */
    public Path dataDir() {
        if (data != null) return data;
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) return Path.of(env);
        Path shared = Path.of("..", "shared", "data");
        if (Files.isDirectory(shared)) return shared;
        return Path.of("data");
    }

    /** The global options of the command line that {@code spec} belongs to. */
    public static GlobalOptions of(CommandSpec spec) {
        return spec.root().userObject() instanceof Main main ? main.global() : new GlobalOptions();
    }
}
