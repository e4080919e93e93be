package ionas.experiments.progress;

import ionas.nas.Progress;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A command's stderr: its log lines and the progress of its long steps, kept from running into
 * each other. A progress bar stays on the last line of a terminal and is redrawn in place, so a log
 * line written beside it would be glued to its end; here a log line first erases the bar, and the
 * bar is drawn again below it.
 */
public final class Stderr {
    private final PrintWriter err;
    private final Progress progress;
    private String bar; // the bar in view, or null; guarded by this

    /** The stderr {@code err} of a command, with progress shown as {@code mode} says. */
    public Stderr(PrintWriter err, ProgressMode mode) {
        this.err = err;
        progress = switch (mode.resolved()) {
            case BAR -> new BarProgress(this);
            case LINES -> new LineProgress(this::println);
            case OFF, AUTO -> Progress.NONE;
        };
    }

    /** Where the command's long steps report how far they have come. */
    public Progress progress() {
        return progress;
    }

    /** A stream for the command's log (the library's {@code PrintStream log}): each line goes to {@link #println}. */
    public PrintStream log() {
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                println(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }

    /** Writes one line, above the bar in view if there is one. */
    public synchronized void println(String line) {
        String shown = bar;
        eraseBar();
        err.println(line);
        if (shown != null) drawBar(shown);
        err.flush();
    }

    /** Draws {@code rendered} over the bar in view (or a new one on the current line). */
    synchronized void drawBar(String rendered) {
        bar = rendered;
        err.print('\r' + rendered);
        err.flush();
    }

    /** Erases the bar in view, if any, leaving the cursor where it began. */
    synchronized void eraseBar() {
        if (bar == null) return;
        err.print('\r' + " ".repeat(bar.length()) + '\r');
        err.flush();
        bar = null;
    }

    /** Leaves the bar in view, if any, as it stands and goes to the next line. */
    synchronized void endBar() {
        if (bar == null) return;
        bar = null;
        err.println();
        err.flush();
    }
}
