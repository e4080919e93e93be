package ionas.nas.arch2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Encoding;
import ionas.nas.nb101.space.Nb101Space;
import ionas.nas.random.NumpyRandomState;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Arch2VecTrainingTest {
    private static SearchSpace space;
    private static Arch2VecDataset data;

    @BeforeAll
    static void smallSpace() {
        space = SearchSpace.enumerate(5, 2, SearchSpace.Progress.NONE);
        data = Arch2VecDataset.of(new Nb101Space(space));
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private static final Device GPU = Device.cuda(0);


    @Test
    void datasetHoldsTheEncodings() {
        assertEquals(space.size(), data.size());
        for (int i : new int[] {0, space.size() / 2, space.size() - 1}) {
            Arch2VecEncoding e = Arch2VecEncoding.encode(space.get(i));
            assertArrayEquals(e.adjacencyFlat(), data.adjacency(i));
            assertArrayEquals(e.opsFlat(), data.ops(i));
        }
        NDArray[] b = data.batch(new int[] {3, 1}, 0, 2);
        assertArrayEquals(new int[] {2, 7, 5}, b[0].shape());
        assertArrayEquals(new int[] {2, 7, 7}, b[1].shape());
        float[] ops = b[0].toFloatArray();
        assertArrayEquals(data.ops(3), Arrays.copyOfRange(ops, 0, 35));
        assertArrayEquals(data.ops(1), Arrays.copyOfRange(ops, 35, 70));
    }

    @Test
    void splitIsArch2VecsNinetyTenWithOneSeededPermutationEach() {
        assertEquals(381_261, Arch2VecDataset.trainCount(SearchSpace.FULL_SIZE));
        int n = data.size(), cut = Arch2VecDataset.trainCount(n);
        Arch2VecDataset.Split s = data.split(1);
        NumpyRandomState rs = new NumpyRandomState(1);
        assertArrayEquals(rs.permutation(cut), s.train());
        int[] held = rs.permutation(n - cut);
        for (int k = 0; k < held.length; k++) assertEquals(cut + held[k], s.heldOut()[k]);
        assertArrayEquals(s.train(), data.split(1).train(), "the order is fixed");
        Set<Integer> all = new HashSet<>();
        for (int i : s.train()) all.add(i);
        for (int i : s.heldOut()) all.add(i);
        assertEquals(n, all.size());
        Arch2VecDataset.Split l = s.limit(10);
        assertArrayEquals(Arrays.copyOf(s.train(), 10), l.train());
        assertArrayEquals(Arrays.copyOf(s.heldOut(), 10), l.heldOut());
    }

    @Test
    void perfectReconstructionScoresOneAndErrorsAreCounted() {
        int[] idx = {0, 5, 9};
        NDArray[] x = data.batch(idx, 0, 3);
        float[] ops = x[0].toFloatArray(), adj = x[1].toFloatArray();
        var perfect = new Arch2VecMetrics.Reconstruction(Arch2VecEncoding.LAYOUT).add(ops, adj, ops, adj, 3);
        assertEquals(1.0, perfect.opAccuracy());
        assertEquals(1.0, perfect.adjacencyAccuracy());
        assertEquals(1.0, perfect.identicalShare());
        assertEquals(1.0, perfect.identicalGraphShare());
        assertEquals(1.0, perfect.meanEdgeProbability());
        assertEquals(0.0, perfect.meanNonEdgeProbability());

        float[] badOps = ops.clone(), badAdj = adj.clone();
        // cell 1: row 0 predicted as output instead of input; cell 2: one upper entry flipped; lower triangle ignored
        badOps[35] = 0.4f;
        badOps[35 + 4] = 0.9f;
        badAdj[2 * 49 + 5] = 1 - badAdj[2 * 49 + 5];
        badAdj[2 * 49 + 7 * 6] = 0.99f;
        var r = new Arch2VecMetrics.Reconstruction(Arch2VecEncoding.LAYOUT).add(badOps, badAdj, ops, adj, 3);
        assertEquals(1 - 1 / 21.0, r.opAccuracy(), 1e-12);
        assertEquals(1 - 1 / 63.0, r.adjacencyAccuracy(), 1e-12);
        assertEquals(1 / 3.0, r.identicalShare(), 1e-12);
        assertEquals(1 / 3.0, r.identicalGraphShare(), 1e-12);
        // a padded row: all-zero target counts as argmax 0, so a prediction of "input" there is right
        float[] padded = new float[35], pred = new float[35];
        padded[0] = 1;
        padded[5 + 4] = 1;
        pred[0] = 1;
        pred[5 + 4] = 1;
        for (int row = 2; row < 7; row++) pred[row * 5] = 0.7f;
        assertEquals(1.0, new Arch2VecMetrics.Reconstruction(Arch2VecEncoding.LAYOUT).add(pred, new float[49], padded, new float[49], 1).opAccuracy());
        // a padded row decoded as conv3x3 costs op accuracy and strict identity, not the graph identity
        pred[6 * 5 + 2] = 0.9f;
        var p = new Arch2VecMetrics.Reconstruction(Arch2VecEncoding.LAYOUT).add(pred, new float[49], padded, new float[49], 1);
        assertEquals(6 / 7.0, p.opAccuracy(), 1e-12);
        assertEquals(0.0, p.identicalShare());
        assertEquals(1.0, p.identicalGraphShare());
    }

    @Test
    void samplesValidityAndUniqueness() {
        // a 3-vertex cell's encoding is an invalid sample: its row 6 is padding, which decodes to input, not output
        int small = -1;
        for (int i = 0; i < space.size() && small < 0; i++) if (space.get(i).pruned().vertices() == 3) small = i;
        float[] ops = new float[3 * 35], adj = new float[3 * 49];
        // sample 0 and 1: the same valid 7-vertex chain input -> conv3x3 x5 -> output; sample 2: a padded (invalid) cell
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 7; i++) ops[s * 35 + i * 5 + (i == 0 ? 0 : i == 6 ? 4 : 2)] = 1;
            for (int i = 0; i < 6; i++) adj[s * 49 + i * 7 + i + 1] = 0.9f;
        }
        System.arraycopy(data.ops(small), 0, ops, 70, 35);
        System.arraycopy(data.adjacency(small), 0, adj, 98, 49);
        var m = Arch2VecMetrics.samples(Nb101Encoding.INSTANCE, ops, adj, 3);
        assertEquals(2, m.valid());
        assertEquals(1, m.distinct());
        assertEquals(1, m.distinctGraphs(), "on NAS-Bench-101 the space's key is arch2vec's fingerprint");
        assertEquals(2 / 3.0, m.validity(), 1e-12);
        assertEquals(0.5, m.uniqueness(), 1e-6);
    }

    private static Arch2VecTrainer.Config tiny(int epochs) {
        return Arch2VecTrainer.Config.paper().withEpochs(epochs).withLimit(96).withSamples(200);
    }

    @Test
    void lossFallsOverAFewEpochs(@TempDir Path dir) throws IOException {
        var r = new Arch2VecTrainer(tiny(4), data, dir, QUIET).train();
        assertEquals(4, r.epochs().size());
        double first = r.epochs().get(0).trainLoss(), last = r.last().trainLoss();
        assertTrue(last < first, "loss " + first + " -> " + last);
        for (var m : r.epochs()) {
            assertTrue(m.opAccuracy() >= 0 && m.opAccuracy() <= 1);
            assertTrue(m.validity() >= 0 && m.validity() <= 1);
            assertTrue(m.batchesPerSecond() > 0);
        }
        assertEquals(4, Arch2VecTrainer.readHistory(dir).size());
    }

    /**
     * The comparison allows 1e-4 relative (Adam amplifies last-bit differences): the CPU kernels' Vector API {@code EXP}/{@code LOG}
     * (sigmoid, BCE) give results that differ in the last bit between the interpreter/C1 fallback
     * and the C2 intrinsic, so two identical runs in one JVM can differ by ~1e-7 while the JIT warms
     * up (once warm, repeated runs agree exactly; checked by hand). The resume logic itself restores
     * every bit (weights, batch-norm statistics, Adam state, noise offset).
     */
    @Test
    void resumeAfterAnInterruptionMatchesAnUninterruptedRun(@TempDir Path a, @TempDir Path b) throws IOException {
        var whole = new Arch2VecTrainer(tiny(3), data, a, QUIET).train();
        var part = new Arch2VecTrainer(tiny(3), data, b, QUIET).train(1);
        assertEquals(1, part.epochs().size());
        assertFalse(part.resumed());
        // the checkpoint restores the interrupted run's state bit for bit
        Arch2Vec reloaded = Arch2Vec.standard(new Generator(0), new Generator(0));
        var meta = ionas.nn.io.Checkpoint.load(b.resolve(Arch2VecTrainer.CHECKPOINT), reloaded);
        assertEquals("1", meta.get("epochs_done"));
        var sp = part.model().stateDict();
        for (String k : sp.keySet()) assertArrayEquals(sp.get(k).toFloatArray(), reloaded.stateDict().get(k).toFloatArray(), 0f, k);
        var rest = new Arch2VecTrainer(tiny(3), data, b, QUIET).train();
        assertTrue(rest.resumed());
        assertEquals(3, rest.epochs().size());
        for (int e = 0; e < 3; e++) {
            var x = whole.epochs().get(e);
            var y = rest.epochs().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), 1e-4 * x.trainLoss(), "epoch " + (e + 1) + " loss");
            assertEquals(x.opAccuracy(), y.opAccuracy(), 0.02);
            assertEquals(x.adjacencyAccuracy(), y.adjacencyAccuracy(), 0.02);
        }
        var sa = whole.model().stateDict();
        var sb = rest.model().stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) assertArrayEquals(sa.get(k).toFloatArray(), sb.get(k).toFloatArray(), 1e-2f, k); // biases before batch norm get ~0 gradients, which Adam turns into +-lr steps
    }

    /**
     * A run that keeps its best epoch and is killed after epoch 1 keeps, once resumed, the epoch an
     * uninterrupted run keeps, with that epoch's model (as {@link #resumeAfterAnInterruptionMatchesAnUninterruptedRun},
     * to the JIT's last bits), and says so in its metrics file and in {@code best.safetensors}.
     */
    @Test
    void aResumedRunKeepsTheSameBestEpoch(@TempDir Path a, @TempDir Path b, @TempDir Path upToKept) throws IOException {
        var whole = new Arch2VecTrainer(tiny(3), data, a, QUIET).keep(KeepRule.BEST).train();
        new Arch2VecTrainer(tiny(3), data, b, QUIET).keep(KeepRule.BEST).train(1);
        var rest = new Arch2VecTrainer(tiny(3), data, b, QUIET).keep(KeepRule.BEST).train();
        assertTrue(rest.resumed());
        int kept = whole.keptEpoch();
        assertEquals(KeepRule.BEST.keptEpoch(whole.epochs().stream().map(Arch2VecTrainer.EpochMetrics::validationIdenticalGraph).toList()), kept);
        assertEquals(kept, rest.keptEpoch());
        assertEquals(b.resolve(Arch2VecTrainer.BEST), rest.keptCheckpoint());
        for (var run : List.of(whole, rest)) assertTrue(run.epochs().stream().allMatch(m -> m.validationIdenticalGraph() >= 0));
        var ta = Arch2VecTrainer.load(a.resolve(Arch2VecTrainer.BEST));
        var tb = Arch2VecTrainer.load(Arch2VecTrainer.kept(b.resolve(Arch2VecTrainer.CHECKPOINT)));
        assertEquals(Integer.toString(kept), ta.metadata().get("epochs_done"));
        assertEquals(Integer.toString(kept), tb.metadata().get("epochs_done"));
        assertTrue(java.nio.file.Files.readString(b.resolve(Arch2VecTrainer.METRICS)).contains("\"kept_epoch\" : " + kept));
        // the kept model is that of epoch `kept`: a run stopped there has the same weights
        var stopped = new Arch2VecTrainer(tiny(3), data, upToKept, QUIET).keep(KeepRule.BEST).train(kept);
        var sa = ta.model().stateDict();
        for (var s : List.of(tb.model().stateDict(), stopped.model().stateDict()))
            for (String k : sa.keySet()) assertArrayEquals(sa.get(k).toFloatArray(), s.get(k).toFloatArray(), 1e-2f, k);
    }

    @Test
    void aRunThatKeepsTheLastEpochKeepsItsCheckpoint(@TempDir Path dir) throws IOException {
        var r = new Arch2VecTrainer(tiny(2), data, dir, QUIET).train();
        assertEquals(2, r.keptEpoch());
        assertEquals(dir.resolve(Arch2VecTrainer.CHECKPOINT), Arch2VecTrainer.kept(dir.resolve(Arch2VecTrainer.CHECKPOINT)));
        assertFalse(java.nio.file.Files.exists(dir.resolve(Arch2VecTrainer.BEST)));
        assertTrue(r.epochs().stream().allMatch(m -> m.validationIdenticalGraph() == 0), "no validation slice, no score");
    }

    /** The noise generator's offset in a run's checkpoint: how many draws its training took so far. */
    private static long noiseOffset(Path dir) throws IOException {
        var meta = ionas.nn.io.Checkpoint.load(dir.resolve(Arch2VecTrainer.CHECKPOINT), Arch2Vec.standard(new Generator(0), new Generator(0)));
        return Long.parseLong(meta.get("noise_offset"));
    }

    /**
     * arch2vec's released script trains in evaluation mode from its second epoch: no sampling noise
     * and no dropout masks are drawn then, so the noise generator stands still, while the spec's
     * regime draws them every epoch. The first epochs of the two regimes are the same run.
     */
    @Test
    void theCodesRegimeDrawsNoNoiseAfterTheFirstEpochAndTheSpecsDoes(@TempDir Path dir) throws IOException {
        Path code = dir.resolve("code"), spec = dir.resolve("train");
        var c1 = new Arch2VecTrainer(tiny(3), data, code, QUIET).train(1);
        var s1 = new Arch2VecTrainer(tiny(3), data, spec, QUIET).regime(TrainingRegime.TRAIN).train(1);
        assertEquals(untimed(c1), untimed(s1), "epoch 1 trains in training mode in both");
        long afterFirst = noiseOffset(code);
        assertTrue(afterFirst > 0);
        assertEquals(afterFirst, noiseOffset(spec));

        var c = new Arch2VecTrainer(tiny(3), data, code, QUIET).train();
        var s = new Arch2VecTrainer(tiny(3), data, spec, QUIET).regime(TrainingRegime.TRAIN).train();
        assertEquals(afterFirst, noiseOffset(code), "epochs 2-3 in evaluation mode draw nothing");
        assertEquals(3 * afterFirst, noiseOffset(spec), "every epoch in training mode draws as much as the first");
        assertTrue(c.epochs().get(1).trainLoss() != s.epochs().get(1).trainLoss());
        assertTrue(c.resumed() && s.resumed());
    }

    /** In evaluation mode a step's loss is a function of the weights and the batch: the same batch twice gives the same loss. */
    @Test
    void inEvaluationModeAStepIsDeterministicAndInTrainingModeItIsNot() {
        Arch2Vec model = Arch2Vec.standard(new Generator(3), new Generator(4));
        NDArray[] x = data.batch(data.split(1).train(), 0, 32);
        try (var s = Autograd.noGrad()) {
            model.eval();
            assertEquals(model.trainingLoss(x[0], x[1]).item(), model.trainingLoss(x[0], x[1]).item());
            model.train(true);
            assertTrue(model.trainingLoss(x[0], x[1]).item() != model.trainingLoss(x[0], x[1]).item());
        }
    }

    @Test
    void aRunResumesOnlyInTheRegimeItWasMadeWith(@TempDir Path dir) throws IOException {
        new Arch2VecTrainer(tiny(2), data, dir, QUIET).regime(TrainingRegime.TRAIN).train(1);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> new Arch2VecTrainer(tiny(2), data, dir, QUIET).train());
        assertTrue(e.getMessage().contains("regime train (this run: code)"), e.getMessage());
        assertTrue(new Arch2VecTrainer(tiny(2), data, dir, QUIET).regime(TrainingRegime.TRAIN).train().resumed());
    }

    /** An epoch's metrics without its timings, which differ from run to run. */
    private static Arch2VecTrainer.EpochMetrics untimed(Arch2VecTrainer.EpochMetrics m) {
        return new Arch2VecTrainer.EpochMetrics(m.epoch(), m.trainLoss(), m.opAccuracy(), m.adjacencyAccuracy(), m.identical(), m.identicalGraph(),
                m.meanEdgeProbability(), m.meanNonEdgeProbability(), m.validity(), m.uniqueness(), m.validityStdNormal(), m.uniquenessStdNormal(),
                0, 0, m.uniquenessOfGraphs(), m.validationIdenticalGraph());
    }

    private static List<Arch2VecTrainer.EpochMetrics> untimed(Arch2VecTrainer.Result r) {
        return r.epochs().stream().map(Arch2VecTrainingTest::untimed).toList();
    }

    private static Arch2VecTrainer.Result train(Path dir, Device device, int untilEpoch) throws IOException {
        return new Arch2VecTrainer(tiny(2), data, dir, QUIET).onDevice(device).train(untilEpoch);
    }

    /**
     * On another device (simulated by the CPU backend, so an array left on the CPU fails the step:
     * batches, masks, sampling noise, the validity samples) every metric is the CPU's, bit for bit,
     * and a run resumes across devices from either side.
     */
    @Test
    void trainsOnAnotherDeviceExactlyAsOnTheCpuAndResumesAcrossDevices(@TempDir Path dir) throws IOException {
        var cpu = train(dir.resolve("cpu"), Device.CPU, 2);
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            var gpu = train(dir.resolve("gpu"), GPU, 2);
            assertEquals(untimed(cpu), untimed(gpu));
            for (var e : gpu.model().stateDict().entrySet()) assertEquals(GPU, e.getValue().device(), e.getKey());

            train(dir.resolve("cpu-then-gpu"), Device.CPU, 1);
            var resumedOnGpu = train(dir.resolve("cpu-then-gpu"), GPU, 2);
            assertTrue(resumedOnGpu.resumed());
            assertEquals(untimed(cpu), untimed(resumedOnGpu));
            train(dir.resolve("gpu-then-cpu"), GPU, 1);
            assertEquals(untimed(cpu), untimed(train(dir.resolve("gpu-then-cpu"), Device.CPU, 2)));
        }
    }

    @Test
    void embeddingsAreTheNodeMeanOfMuAndRoundTrip(@TempDir Path dir) throws IOException {
        Arch2Vec model = Arch2Vec.standard(new Generator(7), new Generator(8));
        Arch2VecEmbeddings e = Arch2VecEmbeddings.compute(model, data, space.hashes());
        assertEquals(space.size(), e.size());
        assertEquals(16, e.dim());
        assertTrue(model.isTraining(), "compute restores the mode");
        int i = space.size() / 3;
        model.eval();
        float[] mu;
        try (var s = Autograd.noGrad()) {
            NDArray[] x = data.batch(new int[] {i}, 0, 1);
            mu = model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1]))).mu().toFloatArray();
        }
        float[] expect = new float[16];
        for (int n = 0; n < 7; n++) for (int d = 0; d < 16; d++) expect[d] += mu[n * 16 + d] / 7f;
        assertArrayEquals(expect, e.get(i), 1e-5f);

        Path f = dir.resolve("emb.safetensors");
        e.write(f);
        Arch2VecEmbeddings back = Arch2VecEmbeddings.read(f);
        assertEquals(e.hashes(), back.hashes());
        assertEquals(List.copyOf(space.hashes()), back.hashes());
        assertArrayEquals(e.embeddings(), back.embeddings());
        assertEquals(16, back.dim());
    }
}
