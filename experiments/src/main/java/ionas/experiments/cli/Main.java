package ionas.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code ionas} command line.
 *
 * <p>Each subcommand is one class (a picocli {@code @Command}) listed in {@code subcommands} below;
 * to add one, write the class and add it to that list. Options every command shares live in
 * {@link GlobalOptions}; a command reads them with {@code GlobalOptions.of(spec)}.
 *
 * <p>Exit codes: 0 success, 1 the command failed (its message is printed; the stack trace too with
 * {@code --verbose}), 2 the command line was wrong (the message and the usage are printed).
 */
@Command(
        name = "ionas",
        scope = ScopeType.INHERIT, // subcommands get -h, -V and these settings too
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "A tensor engine with reverse-mode autograd, and on it a reproduction of",
            "\"Graph Embedding for Neural Architecture Search with Input-Output Information\".",
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            TourCommand.class,
            InfoCommand.class,
            Nb101Command.class,
            Nb201Command.class,
            PretrainCommand.class,
            Arch2VecCommand.class,
            IoDatasetCommand.class,
            IoModelCommand.class,
            SearchCommand.class,
            PredictCommand.class,
            ProxiesCommand.class,
            ReproduceCommand.class,
            DataCommand.class,
        },
        footer = {"", "Run 'ionas help COMMAND' or 'ionas COMMAND --help' for a command's options."})
public final class Main implements Runnable {
    @Mixin
    private final GlobalOptions global = new GlobalOptions();

    @Spec
    private CommandSpec spec;

    GlobalOptions global() {
        return global;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.err.println("ionas: the JVM was started without the Vector API module. Start ionas with ./ionas, or add"
                    + " '--add-modules jdk.incubator.vector' to the java command line.");
            System.exit(ExitCode.SOFTWARE);
        }
        System.exit(execute(commandLine(), args, new PrintWriter(System.err, true)));
    }

    /**
     * Runs {@code cl} on {@code args}; a command that runs out of Java heap ends with a message
     * that says so and what to do, instead of an OutOfMemoryError's stack trace (picocli passes
     * Errors through, as it should: only this outermost frame can still print and exit).
     */
    static int execute(CommandLine cl, String[] args, PrintWriter err) {
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(outOfMemory(e, Runtime.getRuntime().maxMemory()));
            err.flush();
            return ExitCode.SOFTWARE;
        }
    }

    /** The message for a run out of heap: how much the JVM had, and the two ways out. */
    static String outOfMemory(OutOfMemoryError e, long maxHeapBytes) {
        return String.format(Locale.ROOT, "ionas: error: out of Java memory (%s) with a heap of at most %.1f GiB: the run is larger"
                        + " than this JVM allows; make it smaller (e.g. --stem, --batch) or give the JVM more,"
                        + " e.g. IONAS_JAVA_OPTS=-Xmx%dg ./ionas ...", e.getMessage(), maxHeapBytes / (double) (1L << 30),
                Math.max(2, 2 * (maxHeapBytes >> 30)));
    }

    /** The configured command line, with ionas's error handling; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // "--data data" (the default folder's own name) was refused as a command's name where a value belongs
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            err.println(cmd.getColorScheme().errorText(cmd.getCommandSpec().qualifiedName() + ": error: " + describe(ex)));
            if (main.global.verbose()) ex.printStackTrace(err);
            else err.println("(run with --verbose for the stack trace)");
            err.flush();
            return ExitCode.SOFTWARE;
        });
        return cl;
    }

    /**
     * The message of an exception. ionas reports problems a user can fix with IllegalArgumentException
     * and IllegalStateException, whose messages stand alone; any other exception keeps its type name
     * (a FileSystemException's message is only the path, an UnsupportedOperationException's may be one word).
     */
    static String describe(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) return ex.getClass().getSimpleName();
        if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) return message;
        return ex.getClass().getSimpleName() + ": " + message;
    }

    /** The project version (from the filtered version.properties) and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "ionas " + projectVersion(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")",
            };
        }
    }

    /** The version Maven built this jar as, or "unknown" when running from unfiltered classes. */
    public static String projectVersion() {
        try (InputStream in = Main.class.getResourceAsStream("/ionas/experiments/version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
