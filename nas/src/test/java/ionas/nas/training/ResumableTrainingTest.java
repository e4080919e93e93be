package ionas.nas.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nas.Progress;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.nn.optim.SGD;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableTrainingTest {
    @TempDir
    Path dir;

    /** One epoch's metrics: the weight after it. */
    record Weight(int epoch, double value) {}

    /** y = 2x fitted by one weight, on inputs drawn from a generator whose position the checkpoint keeps. */
    static final class Slope extends Module {
        final Parameter w = parameter("w", NDArray.of(new float[] {0.5f}, 1));
    }

    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();

    ResumableTraining.Outcome<Weight> train(Path dir, String lr, int until) throws IOException {
        return train(dir, Map.of("lr", lr), until, Map.of());
    }

    /** A run of 3 epochs of 2 batches with {@code settings}, trained up to {@code until}. */
    ResumableTraining.Outcome<Weight> train(Path dir, Map<String, String> settings, int until, Map<String, String> older) throws IOException {
        Slope model = new Slope();
        SGD sgd = new SGD(model.parameters(), 0.1, 0.9, 0); // momentum: state the checkpoint must keep
        Generator inputs = new Generator(7);
        Progress progress = (name, total, unit) -> {
            events.add(name + " " + total + " " + unit);
            return Progress.Task.NONE;
        };
        return new ResumableTraining<>(dir, "slope", Weight.class, new PrintStream(logged, true)).withProgress(progress)
                .settings(settings).settingsOfOlderCheckpoints(older)
                .describedBy(settings)
                .beforeFirstEpoch(() -> events.add("before"))
                .onEpoch(epochs -> events.add("after " + epochs.size()))
                .onComplete(epochs -> {
                    events.add("complete");
                    return Map.of("final", model.w.data().item());
                })
                .train(new TrainingState(model, Map.of("", sgd), Map.of("inputs_offset", inputs)), 3, until, index -> new Epoch<>() {
                    @Override
                    public int batches() {
                        return 2;
                    }

                    @Override
                    public void step(int batch) {
                        assertTrue(model.isTraining());
                        sgd.zeroGrad();
                        Tensor x = Tensor.of(NDArray.random(inputs, true, DType.FLOAT32, Device.CPU, 4));
                        Tensor err = model.w.mul(x).sub(x.mul(2));
                        err.mul(err).mean().backward();
                        sgd.step();
                    }

                    @Override
                    public Weight evaluate() {
                        return new Weight(index + 1, model.w.data().item());
                    }
                });
    }

    @Test
    void aResumedRunEndsAsAnUninterruptedOne() throws IOException {
        var whole = train(dir.resolve("whole"), "0.1", 3);
        assertEquals(3, whole.epochs().size());
        assertFalse(whole.resumed());
        assertEquals(List.of("before", "slope epoch 1/3 2 batches", "after 1", "slope epoch 2/3 2 batches", "after 2",
                "slope epoch 3/3 2 batches", "complete", "after 3"), events);

        events.clear();
        var cut = train(dir.resolve("cut"), "0.1", 1);
        assertEquals(1, cut.epochs().size());
        assertEquals(Map.of(), cut.results(), "not complete yet");
        assertFalse(MetricsFile.isComplete(dir.resolve("cut")));
        var rest = train(dir.resolve("cut"), "0.1", 3);
        assertTrue(rest.resumed());
        assertEquals(whole.epochs(), rest.epochs(), "weights, momentum and the inputs' generator are restored");
        assertEquals(whole.results(), rest.results());
        assertTrue(MetricsFile.isComplete(dir.resolve("cut")));
        assertEquals(whole.epochs(), MetricsFile.epochs(dir.resolve("cut"), Weight.class));
        assertTrue(logged.toString().contains("slope: resuming after epoch 1 of 3"), logged.toString());
    }

    @Test
    void aFinishedRunCalledAgainTrainsNothingAndCompletesAgain() throws IOException {
        var whole = train(dir, "0.1", 3);
        events.clear();
        var again = train(dir, "0.1", 3);
        assertEquals(List.of("complete"), events, "no epoch, no description of work to do");
        assertEquals(whole.epochs(), again.epochs());
        assertEquals(whole.results(), again.results());
    }

    @Test
    void aCheckpointMadeWithOtherSettingsIsRefusedNamingThem() throws IOException {
        train(dir, "0.1", 1);
        var e = assertThrows(IOException.class, () -> train(dir, "0.2", 3));
        assertEquals("the checkpoint in " + dir + " was made with different settings: lr 0.1 (this run: 0.2); use another output folder or delete it",
                e.getMessage());
    }

    @Test
    void aSettingOlderCheckpointsDidNotRecordHasTheValueTheyImplied() throws IOException {
        train(dir, "0.1", 1);
        Map<String, String> more = Map.of("lr", "0.1", "batch", "4");
        var e = assertThrows(IOException.class, () -> train(dir, more, 3, Map.of()));
        assertTrue(e.getMessage().contains("with different settings: batch null (this run: 4);"), e.getMessage());
        var resumed = train(dir, more, 3, Map.of("batch", "4"));
        assertTrue(resumed.resumed());
        assertEquals(3, resumed.epochs().size());
    }
}
