package ionas.experiments.progress;

import ionas.nas.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.IntSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a bar redrawn in place on a terminal, with the rate and the time left (the
 * progressbar library; it redraws twice a second in its own thread, so a step only moves a counter):
 * <pre>
 * arch2vec epoch 1/1  28% [=====>             ] 3400/11914 batches (0:00:18 / 0:00:45) 190.0 batches/s
 * </pre>
 *
 * <p>A line holds one bar, so of nested tasks (the networks of a pretraining, and in each the
 * batches of an epoch) the innermost is the bar: when a task starts inside another, the outer bar
 * is erased and the outer task reports in {@link LineProgress}'s lines from then on, which come as
 * it steps between its inner tasks.
 */
final class BarProgress implements Progress {
    private final Stderr stderr;
    private final LineProgress lines;
    /**
     * The width of the terminal as the launcher measured it on stderr; the library measures it on
     * stdout, which is 80 columns when stdout goes to a file.
     */
    static final String COLUMNS_PROPERTY = "ionas.stderr.columns";

    private final IntSupplier width;
    private final Deque<BarTask> open = new ArrayDeque<>();

    BarProgress(Stderr stderr) {
        this.stderr = stderr;
        lines = new LineProgress(stderr::println);
        int columns = Integer.getInteger(COLUMNS_PROPERTY, 0);
        if (columns > 0) {
            width = () -> columns - 1; // the last column left free, as the library does: a full line would wrap on some terminals
        } else {
            ConsoleProgressBarConsumer library = new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream()));
            width = library::getMaxRenderedLength;
        }
    }

    @Override
    public synchronized Task start(String name, long total, String unit) {
        BarTask outer = open.peek();
        if (outer != null) outer.demote();
        BarTask t = new BarTask(lines.start(name, total, unit), name, total, unit);
        open.push(t);
        return t;
    }

    private synchronized void ended(BarTask t) {
        open.remove(t);
    }

    /** A bar until a task starts inside it, lines after. A task with nothing to do shows neither. */
    private final class BarTask implements Task {
        private final LineProgress.LineTask lines;
        private final Drawer drawer = new Drawer(stderr, width);
        private volatile ProgressBar bar; // null once demoted or closed

        BarTask(LineProgress.LineTask lines, String name, long total, String unit) {
            this.lines = lines;
            lines.mute(true);
            // the speed with a leading zero ("0.3 networks/s": the library's default format drops it)
            DecimalFormat speed = new DecimalFormat("#,##0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
            if (total > 0)
                bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setUnit(" " + unit, 1).showSpeed(speed)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setConsumer(drawer).build();
        }

        @Override
        public void step(long units) {
            lines.step(units);
            ProgressBar b = bar;
            if (b != null) b.stepBy(units);
        }

        synchronized void demote() {
            if (bar == null) return;
            drawer.erase = true;
            endBar();
            lines.mute(false);
        }

        @Override
        public void close() {
            ended(this);
            synchronized (this) {
                endBar();
            }
            lines.close(); // a last line only if demoted: otherwise the bar said it all
        }

        private void endBar() {
            if (bar == null) return;
            bar.close(); // draws it a last time
            bar = null;
            drawer.close(); // the library ends the line itself, except for a bar closed before it was ever drawn
        }
    }

    /** Draws the library's bars on a {@link Stderr}, {@code width} characters long at most. */
    private static final class Drawer implements ProgressBarConsumer {
        private final Stderr stderr;
        private final IntSupplier width;
        /** At the end, erase the bar rather than leave it on a line of its own. */
        volatile boolean erase;

        Drawer(Stderr stderr, IntSupplier width) {
            this.stderr = stderr;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width.getAsInt();
        }

        @Override
        public void accept(String rendered) {
            stderr.drawBar(rendered);
        }

        @Override
        public void close() {
            if (erase) stderr.eraseBar();
            else stderr.endBar();
        }
    }
}
