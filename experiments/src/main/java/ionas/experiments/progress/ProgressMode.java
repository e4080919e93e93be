package ionas.experiments.progress;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How long steps show their progress on stderr: {@code ionas --progress auto|bar|lines|off}. */
public enum ProgressMode {
    /** A bar where stderr is a terminal, plain lines elsewhere (a log file, a Slurm job). */
    AUTO,
    BAR,
    LINES,
    OFF;

    /**
     * The system property by which the {@code ionas} launcher says whether stderr is a terminal: it
     * sees the real one, while Java sees the pipe through which it filters a JVM warning.
     */
    public static final String TERMINAL_PROPERTY = "ionas.stderr.terminal";

    /** The mode called {@code name} (any case). */
    public static ProgressMode of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--progress is auto, bar, lines or off, not '" + name + "'");
        }
    }

    /** This mode, with {@link #AUTO} decided: {@link #BAR} where stderr is a terminal, else {@link #LINES}. */
    public ProgressMode resolved() {
        return this != AUTO ? this : stderrIsTerminal() ? BAR : LINES;
    }

    /**
     * Whether this process's stderr is a terminal. Java has no test for one stream ({@link
     * Console#isTerminal} asks about stdin and stdout, so {@code 2> log} in a terminal would fill the
     * log with bars), hence: what the launcher says, else where Linux's /proc shows fd 2 to lead, else
     * Java's guess.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty(TERMINAL_PROPERTY);
        if (told != null) return Boolean.parseBoolean(told);
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) { // not Linux
            Console c = System.console();
            return c != null && c.isTerminal();
        }
    }
}
