package ionas.experiments.progress;

import ionas.nas.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
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
 * batches of an epoch) the innermost is the bar; a task in which another starts reports in
 * {@link LineProgress}'s lines from then on, which come as it steps between its inner tasks. A bar
 * is drawn at its task's first step, not at its start, so that an outer task that at once opens an
 * inner one leaves no empty bar behind.
 */
final class BarProgress implements Progress {
    private final LineProgress lines;
    private final Drawer drawer;
    private final Deque<BarTask> open = new ArrayDeque<>();

    BarProgress(Stderr stderr) {
        lines = new LineProgress(stderr::println);
        drawer = new Drawer(stderr, new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream())));
    }

    @Override
    public synchronized Task start(String name, long total, String unit) {
        BarTask outer = open.peek();
        if (outer != null) outer.demote();
        BarTask t = new BarTask(lines.start(name, total, unit), new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                .setUnit(" " + unit, 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setConsumer(drawer));
        open.push(t);
        return t;
    }

    private synchronized void ended(BarTask t) {
        open.remove(t);
    }

    /** A bar until a task starts inside it, lines after. */
    private final class BarTask implements Task {
        private final LineProgress.LineTask lines;
        private final ProgressBarBuilder builder;
        private volatile ProgressBar bar; // null until the first step, and once demoted
        private volatile boolean demoted;

        BarTask(LineProgress.LineTask lines, ProgressBarBuilder builder) {
            this.lines = lines;
            this.builder = builder;
            lines.mute(true);
        }

        @Override
        public void step(long units) {
            lines.step(units);
            ProgressBar b = bar;
            if (b == null && !demoted) b = draw();
            if (b != null) b.stepBy(units);
        }

        private synchronized ProgressBar draw() {
            if (bar == null && !demoted) bar = builder.build();
            return bar;
        }

        synchronized void demote() {
            if (demoted) return;
            demoted = true;
            endBar(); // leaves it as it stands, on a line of its own
            lines.mute(false);
        }

        private void endBar() {
            if (bar == null) return;
            bar.close();
            bar = null;
            // the library ends the line itself, except when the bar closes before its first drawing
            drawer.close();
        }

        @Override
        public void close() {
            ended(this);
            synchronized (this) {
                endBar();
                demoted = true;
            }
            lines.close(); // a last line only if demoted: otherwise the bar said it all
        }
    }

    /** Draws the library's bars on a {@link Stderr}, at the width the library measures for its own console output. */
    private record Drawer(Stderr stderr, ConsoleProgressBarConsumer terminal) implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return terminal.getMaxRenderedLength();
        }

        @Override
        public void accept(String rendered) {
            stderr.drawBar(rendered);
        }

        @Override
        public void close() {
            stderr.endBar();
        }
    }
}
