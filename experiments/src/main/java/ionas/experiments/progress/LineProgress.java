package ionas.experiments.progress;

import ionas.nas.Progress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for a log file or a batch job's output, where a redrawn bar would be a
 * mess of carriage returns:
 * <pre>
 * arch2vec epoch 1/8: 3,400/11,914 batches (28%), 190 batches/s, ETA 0:45
 * arch2vec epoch 1/8: 11,914 batches in 1:02, 192 batches/s
 * </pre>
 *
 * <p>How often lines come is set by time, not by the share done, so that a log grows evenly whether
 * a task takes a minute or a day: the first line after {@link #FIRST_LINE} (a task that ends sooner
 * prints only its last line, so short steps cost one line each), then one every {@link #EVERY} at
 * most: about 120 lines an hour, enough for {@code tail -f} to show that a job is alive and when it
 * will end. Every task ends with a line, when it completes or stops early. Tasks with nothing to do
 * print nothing.
 */
public final class LineProgress implements Progress {
    /** When a task's first line comes. */
    static final long FIRST_LINE = TimeUnit.SECONDS.toNanos(10);
    /** The least time between two lines of a task. */
    static final long EVERY = TimeUnit.SECONDS.toNanos(30);

    private final Consumer<String> out;
    private final LongSupplier nanoTime;

    /** Each line to {@code out} (e.g. {@link Stderr#println}), timed by the system clock. */
    public LineProgress(Consumer<String> out) {
        this(out, System::nanoTime);
    }

    /** Each line to {@code out}, timed by {@code nanoTime} (a clock in nanoseconds, as {@link System#nanoTime}). */
    LineProgress(Consumer<String> out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
    }

    @Override
    public LineTask start(String name, long total, String unit) {
        return new LineTask(name, total, unit);
    }

    /** One task's lines; {@link #mute muted}, it prints none, while a bar shows the task instead. */
    final class LineTask implements Task {
        private final String name, unit;
        private final long total, started;
        private final AtomicLong done = new AtomicLong();
        // step() reads this without a lock: a stale value only delays or repeats a check, and the lock settles it
        private volatile long nextLine;
        private volatile boolean muted, closed;

        private LineTask(String name, long total, String unit) {
            this.name = name;
            this.total = total;
            this.unit = unit;
            started = nanoTime.getAsLong();
            nextLine = started + FIRST_LINE;
        }

        @Override
        public void step(long units) {
            long d = done.addAndGet(units);
            // the hot path: one atomic add and one clock read; formatting happens only when a line is due.
            // The last step prints nothing: the last line comes at once, when the task is closed.
            if (!muted && d < total && nanoTime.getAsLong() - nextLine >= 0) printDue(d);
        }

        private synchronized void printDue(long d) {
            long now = nanoTime.getAsLong();
            if (closed || now - nextLine < 0) return; // another thread printed meanwhile
            nextLine = now + EVERY;
            out.accept(progressLine(name, d, total, unit, now - started));
        }

        void mute(boolean on) {
            muted = on;
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            long d = done.get();
            if (muted || total == 0 && d == 0) return;
            out.accept(lastLine(name, d, total, unit, nanoTime.getAsLong() - started));
        }
    }

    /** {@code "NAME: DONE/TOTAL UNIT (P%), RATE, ETA T"}; the rate and ETA only once something is done. */
    static String progressLine(String name, long done, long total, String unit, long elapsedNanos) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %,d/%,d %s (%d%%)", name, done, total, unit, percent(done, total)));
        if (done > 0) {
            double perSecond = done / seconds(elapsedNanos);
            s.append(", ").append(rate(perSecond, unit));
            if (total > done) s.append(", ETA ").append(duration((total - done) / perSecond));
        }
        return s.toString();
    }

    /** {@code "NAME: TOTAL UNIT in T, RATE"} when all is done, else {@code "NAME: stopped at DONE/TOTAL UNIT (P%) after T"}. */
    static String lastLine(String name, long done, long total, String unit, long elapsedNanos) {
        double s = seconds(elapsedNanos);
        if (done < total)
            return String.format(Locale.ROOT, "%s: stopped at %,d/%,d %s (%d%%) after %s", name, done, total, unit, percent(done, total), duration(s));
        String line = String.format(Locale.ROOT, "%s: %,d %s in %s", name, done, unit, duration(s));
        return s > 0 ? line + ", " + rate(done / s, unit) : line;
    }

    /** The share done in whole percent, rounded down, so that 100% means finished. */
    static int percent(long done, long total) {
        return total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    }

    /** {@code "190 batches/s"}; per minute or per hour when slower, so that the number stays readable (two digits or more, or one decimal). */
    static String rate(double perSecond, String unit) {
        if (perSecond >= 1) return number(perSecond) + " " + unit + "/s";
        if (perSecond * 60 >= 1) return number(perSecond * 60) + " " + unit + "/min";
        return number(perSecond * 3600) + " " + unit + "/h";
    }

    private static String number(double x) {
        return x < 10 ? String.format(Locale.ROOT, "%.1f", x) : String.format(Locale.ROOT, "%,.0f", x);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on, as a clock reads (rounded to the second). */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
