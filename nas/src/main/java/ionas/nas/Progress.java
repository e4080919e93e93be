package ionas.nas;

/**
 * How a long task (an epoch's batches, the cells of the space, the runs of a search) says how far
 * it has come. The library only counts; the command that runs it decides what the user sees (a
 * progress bar, log lines, nothing), so the library stays free of terminals and output formats.
 *
 * <pre>{@code
 * try (Progress.Task t = progress.start("arch2vec epoch 1/8", batches, "batches")) {
 *     for (...) { ...; t.step(); }
 * }
 * }</pre>
 *
 * {@link Task#step} is called from hot loops (once per training batch), so implementations must
 * keep it cheap: a counter and a look at the clock, no formatting unless a line is due.
 */
@FunctionalInterface
public interface Progress {
    /**
     * Starts a task of {@code total} units.
     *
     * @param name what the user reads, e.g. {@code "arch2vec epoch 1/8"}
     * @param unit the plural of the unit counted, e.g. {@code "batches"}
     */
    Task start(String name, long total, String unit);

    /**
     * This progress with {@code context} after each task's name, for a caller that knows more than
     * the library: {@code withContext("on arch2vec-8ep")} turns {@code search reinforce} into
     * {@code search reinforce on arch2vec-8ep}.
     */
    default Progress withContext(String context) {
        return (name, total, unit) -> start(name + " " + context, total, unit);
    }

    /** Shows nothing. */
    Progress NONE = (name, total, unit) -> Task.NONE;

    /** One started task. Closing it ends it, finished or not (so use try-with-resources). */
    interface Task extends AutoCloseable {
        /** {@code units} more units are done; may be called from several threads at once. */
        void step(long units);

        /** One more unit is done. */
        default void step() {
            step(1);
        }

        @Override
        void close();

        Task NONE = new Task() {
            @Override
            public void step(long units) {}

            @Override
            public void close() {}
        };
    }
}
