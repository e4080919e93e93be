package ionas.experiments.cli;

import ionas.nas.nb101.SearchSpace;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a command prints on {@code err} while it loads the NAS-Bench-101 space: a progress line
 * redrawn in place at most every half second and ended with a newline, and why a cache file was
 * not used.
 */
record EnumerationLog(PrintWriter err) {
    void warn(String message) {
        err.println("nb101: " + message);
        err.flush();
    }

    SearchSpace.Progress progress() {
        long start = System.nanoTime();
        long[] last = {Long.MIN_VALUE};
        return (v, fraction, cells) -> {
            long now = System.nanoTime();
            boolean done = fraction >= 1.0;
            if (!done && now - last[0] < 500_000_000L) return;
            last[0] = now;
            err.printf(Locale.ROOT, "\renumerating NAS-Bench-101 cells: V=%d, %5.1f%% of the bitmasks, %,d cells, %.0f s",
                    v, 100 * fraction, cells, (now - start) / 1e9);
            if (done) err.println();
            err.flush();
        };
    }

}
