package ionas.nas.training;

import ionas.nas.Progress;
import ionas.nn.io.Checkpoint;
import ionas.nn.io.SafeTensors;
import ionas.tensor.MemoryScope;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The epoch loop of every trainer, written once. In its folder it keeps {@value #CHECKPOINT}
 * (the {@link TrainingState}, the epochs done and the settings; rewritten atomically after every
 * epoch) and {@value MetricsFile#NAME}. A call finds the checkpoint a killed call left, refuses it
 * when it was made with other settings, and goes on after its last finished epoch; the run then
 * ends exactly as an uninterrupted one, provided that an epoch depends only on the settings, its
 * index and what the checkpoint holds (the data order and augmentation are functions of
 * (seed, epoch), and the training noise continues from the generators' saved offsets).
 *
 * <pre>{@code
 * var outcome = new ResumableTraining<>(dir, "arch2vec", EpochMetrics.class, log)
 *         .settings(Map.of("config", config.toString()))   // what a checkpoint must have been made with
 *         .describedBy(new About(config))                   // the head of metrics.json
 *         .train(TrainingState.of(model, adam), config.epochs(), untilEpoch, index -> epoch(index, model, adam));
 * }</pre>
 *
 * @param <M> one epoch's metrics, a record that Jackson writes and reads back
 */
public final class ResumableTraining<M> {
    public static final String CHECKPOINT = "checkpoint.safetensors";
    /** The checkpoint metadata key of the epochs a checkpoint's model has trained. */
    public static final String EPOCHS_DONE = "epochs_done";

    private final Path dir;
    private final String name;
    private final Class<M> metricsType;
    private final PrintStream log;
    private Progress progress = Progress.NONE;
    private Map<String, String> settings = Map.of(), olderSettings = Map.of();
    private Object about = Map.of();
    private Runnable beforeFirstEpoch = () -> {};
    private Consumer<List<M>> onEpoch = epochs -> {};
    private Function<List<M>, Map<String, ?>> onComplete = epochs -> Map.of();

    /**
     * @param dir the run's folder (made if missing)
     * @param name what the log and the progress call the run: "arch2vec", a network's name
     * @param metricsType an epoch's metrics, to read them back from the metrics file when the run resumes
     */
    public ResumableTraining(Path dir, String name, Class<M> metricsType, PrintStream log) {
        this.dir = dir;
        this.name = name;
        this.metricsType = metricsType;
        this.log = log;
    }

    /** Reports the batches of each epoch to {@code p}. */
    public ResumableTraining<M> withProgress(Progress p) {
        progress = p;
        return this;
    }

    /**
     * The settings the run is made with, as checkpoint metadata (name to text). A checkpoint is
     * resumed only when it records the same, so that a run never continues someone else's.
     */
    public ResumableTraining<M> settings(Map<String, String> s) {
        settings = Map.copyOf(s);
        return this;
    }

    /** Settings that checkpoints written before they were recorded did not record, with the value they implied. */
    public ResumableTraining<M> settingsOfOlderCheckpoints(Map<String, String> s) {
        olderSettings = Map.copyOf(s);
        return this;
    }

    /** What the metrics file says about the run before its epochs: a record (or map) that Jackson writes as an object. */
    public ResumableTraining<M> describedBy(Object about) {
        this.about = about;
        return this;
    }

    /** Called once before the first epoch that a call trains, after any resume (to describe the work, say). */
    public ResumableTraining<M> beforeFirstEpoch(Runnable r) {
        beforeFirstEpoch = r;
        return this;
    }

    /** Called after every epoch, once its checkpoint and metrics are written, with every epoch so far. */
    public ResumableTraining<M> onEpoch(Consumer<List<M>> c) {
        onEpoch = c;
        return this;
    }

    /**
     * The work after the last epoch, such as a test accuracy or the choice of an epoch, given every
     * epoch's metrics; what it returns is written after the epochs in the complete metrics file.
     * Done again when a finished run is called again.
     */
    public ResumableTraining<M> onComplete(Function<List<M>, Map<String, ?>> results) {
        onComplete = results;
        return this;
    }

    /**
     * What a call trained: every epoch's metrics (those of earlier calls included), whether it
     * resumed, and what {@link #onComplete} returned when the run is complete (else nothing).
     */
    public record Outcome<M>(List<M> epochs, boolean resumed, Map<String, ?> results) {}

    /**
     * Trains (or resumes) up to epoch {@code untilEpoch} of {@code epochs}, for a run cut into time
     * slots; a later call continues.
     *
     * @param state what the checkpoint holds, made before it is loaded
     * @param epoch makes epoch {@code index} (from 0); the model is in training mode when it is called
     */
    public Outcome<M> train(TrainingState state, int epochs, int untilEpoch, IntFunction<Epoch<M>> epoch) throws IOException {
        Files.createDirectories(dir);
        List<M> history = new ArrayList<>();
        Map<String, ?> results = Map.of();
        int start = 0;
        if (Files.exists(dir.resolve(CHECKPOINT))) {
            start = resume(state);
            List<M> recorded = MetricsFile.epochs(dir, metricsType);
            history.addAll(recorded.subList(0, Math.min(start, recorded.size())));
            if (start > 0) log.printf(Locale.ROOT, "%s: resuming after epoch %d of %d%n", name, start, epochs);
        }
        int end = Math.min(untilEpoch, epochs);
        if (start < end) beforeFirstEpoch.run();
        for (int index = start; index < end; index++) {
            state.model().train(true);
            history.add(train(epoch.apply(index), index, epochs));
            save(state, index + 1);
            if (index + 1 < epochs) MetricsFile.write(dir, about, history, Map.of(), false);
            else results = complete(history);
            onEpoch.accept(List.copyOf(history));
        }
        // A finished run called again completes again: the call that finished it may have been
        // killed between its last checkpoint and its complete metrics file.
        if (start == end && end == epochs) results = complete(history);
        return new Outcome<>(history, start > 0, results);
    }

    /** Loads the checkpoint into {@code state} after checking its settings; returns the epochs it has done. */
    private int resume(TrainingState state) throws IOException {
        // the settings are checked before the weights are loaded: other settings may mean other shapes
        Map<String, String> meta = SafeTensors.read(dir.resolve(CHECKPOINT)).metadata();
        List<String> differences = new ArrayList<>();
        new TreeMap<>(settings).forEach((key, now) -> { // in name order, so that the message is the same every time
            String then = meta.getOrDefault(key, olderSettings.get(key));
            if (!now.equals(then)) differences.add(key + " " + then + " (this run: " + now + ")");
        });
        if (!differences.isEmpty())
            throw new IOException("the checkpoint in " + dir + " was made with different settings: " + String.join(", ", differences)
                    + "; use another output folder or delete it");
        Checkpoint.load(dir.resolve(CHECKPOINT), state.model(), state.optimizers());
        state.generators().forEach((key, g) -> g.setOffset(Long.parseLong(meta.get(key))));
        return Integer.parseInt(meta.getOrDefault(EPOCHS_DONE, "0"));
    }

    private M train(Epoch<M> epoch, int index, int epochs) throws IOException {
        int batches = epoch.batches();
        try (Progress.Task steps = progress.start(name + " epoch " + (index + 1) + "/" + epochs, batches, "batches")) {
            for (int b = 0; b < batches; b++) {
                try (MemoryScope step = MemoryScope.open()) { // a device step's memory goes back at its end
                    epoch.step(b);
                }
                steps.step();
            }
        }
        return epoch.evaluate();
    }

    private void save(TrainingState state, int epochsDone) throws IOException {
        Map<String, String> meta = new HashMap<>(settings);
        state.generators().forEach((key, g) -> meta.put(key, Long.toString(g.offset())));
        meta.put(EPOCHS_DONE, Integer.toString(epochsDone));
        Checkpoint.save(dir.resolve(CHECKPOINT), state.model(), state.optimizers(), meta);
    }

    private Map<String, ?> complete(List<M> history) throws IOException {
        Map<String, ?> results = onComplete.apply(List.copyOf(history));
        MetricsFile.write(dir, about, history, results, true);
        return results;
    }
}
