package ionas.nas.iomodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.iodata.IoDataset;
import ionas.nas.iodata.IoFixture;
import ionas.nas.iodata.IoSet;
import ionas.nas.iodata.TargetTransform;
import ionas.nas.nb101.SearchSpace;
import ionas.nas.nb101.space.Nb101Space;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemiSupervisedTrainerTest {
    @TempDir
    static Path dir;
    static Path io;

    @BeforeAll
    static void build() throws Exception {
        io = IoFixture.build(dir);
    }


    static SemiSupervisedConfig config(int epochs) {
        return new SemiSupervisedConfig(epochs, 8, 1e-3, 5, 1, 2, 0.33, 3, 64, 40, 50, 30, 100, true, 1,
                new IoModel.Config(2, 1, 1, 8, 1, 0.5, 16, 5), TargetTransform.Options.paper());
    }

    private SemiSupervisedTrainer trainer(SemiSupervisedConfig c, IoDataset data, Path out) {
        SearchSpace space = IoFixture.space();
        return new SemiSupervisedTrainer(c, data, Arch2VecDataset.of(new Nb101Space(space)), space::indexOf, out, IoFixture.QUIET);
    }

    @Test
    void trainsAllBatchesEvaluatesEverySetAndResumesExactly() throws Exception {
        try (IoDataset data = IoDataset.open(io, TargetTransform.Options.paper())) {
            SemiSupervisedTrainer.Result full = trainer(config(2), data, dir.resolve("full")).train();
            assertEquals(2, full.epochs().size());
            IoEpochMetrics last = full.last();
            // 4 networks x 12 images = 48 examples in batches of 8; 64 unlabeled cells in batches of 8
            assertEquals(6, last.labeledBatches());
            assertEquals(8, last.unlabeledBatches());
            assertEquals(IoSet.values().length, last.sets().size());
            assertEquals(30, last.set("train").examples(), "a subset of 30 of the 48 training examples");
            assertEquals(24, last.set("valid_unseen_networks").examples(), "all 2 x 12");
            for (IoEpochMetrics.SetLoss s : last.sets()) {
                assertTrue(s.loss().lower() <= s.loss().mean() && s.loss().mean() <= s.loss().upper(), s.toString());
                assertTrue(s.baseline().mean() > 0, s.toString());
            }
            assertFalse(Double.isNaN(last.reference().opAccuracy()), "the reference arch2vec is trained and judged");
            assertTrue(Files.exists(dir.resolve("full/epochs/epoch-001.safetensors")));
            assertTrue(Files.exists(dir.resolve("full/epochs/epoch-002.safetensors")));

            // killed after epoch 1, then resumed: the same numbers as the uninterrupted run
            trainer(config(2), data, dir.resolve("cut")).train(1);
            SemiSupervisedTrainer.Result resumed = trainer(config(2), data, dir.resolve("cut")).train();
            assertEquals(full.epochs().size(), resumed.epochs().size());
            for (int e = 0; e < 2; e++) {
                IoEpochMetrics a = full.epochs().get(e), b = resumed.epochs().get(e);
                assertEquals(a.trainLabeledL1(), b.trainLabeledL1(), 0, "epoch " + (e + 1));
                assertEquals(a.sets(), b.sets(), "epoch " + (e + 1));
                assertEquals(a.model(), b.model());
                assertEquals(a.reference(), b.reference());
            }
        }
    }

    /** The epochs' metrics without their timings, which differ from run to run. */
    private static List<IoEpochMetrics> untimed(SemiSupervisedTrainer.Result r) {
        return r.epochs().stream().map(m -> new IoEpochMetrics(m.epoch(), m.trainLabeledL1(), m.trainLabeledLoss(), m.trainUnlabeledLoss(),
                m.referenceLoss(), m.labeledBatches(), m.unlabeledBatches(), m.sets(), m.model(), m.reference(), 0)).toList();
    }

    /**
     * On another device (simulated by the CPU backend, so an array left on the CPU fails: batches,
     * the evaluation's inputs, the sampling noise) every metric is the CPU's, bit for bit, and a run
     * resumes across devices from either side.
     */
    @Test
    void trainsOnAnotherDeviceExactlyAsOnTheCpuAndResumesAcrossDevices() throws Exception {
        Device gpu = Device.cuda(0);
        try (IoDataset data = IoDataset.open(io, TargetTransform.Options.paper())) {
            var cpu = trainer(config(2), data, dir.resolve("dev-cpu")).train();
            try (var on = TestDevice.SIMULATED_CUDA.install()) {
                var dev = trainer(config(2), data, dir.resolve("dev-gpu")).onDevice(gpu).train();
                assertEquals(untimed(cpu), untimed(dev));
                for (var e : dev.model().stateDict().entrySet()) assertEquals(gpu, e.getValue().device(), e.getKey());
                for (var e : dev.reference().stateDict().entrySet()) assertEquals(gpu, e.getValue().device(), e.getKey());

                trainer(config(2), data, dir.resolve("dev-cpu-then-gpu")).train(1);
                assertEquals(untimed(cpu), untimed(trainer(config(2), data, dir.resolve("dev-cpu-then-gpu")).onDevice(gpu).train()));
                trainer(config(2), data, dir.resolve("dev-gpu-then-cpu")).onDevice(gpu).train(1);
                assertEquals(untimed(cpu), untimed(trainer(config(2), data, dir.resolve("dev-gpu-then-cpu")).train()));
            }
        }
    }

    @Test
    void labeledNetworksAreNotUnlabeledData() throws Exception {
        try (IoDataset data = IoDataset.open(io, TargetTransform.Options.paper())) {
            SemiSupervisedTrainer t = new SemiSupervisedTrainer(config(1).toBuilder().unlabeledCells(0).heldOutCells(0).evalExamples(30).samples(50).build(), data, Arch2VecDataset.of(new Nb101Space(IoFixture.space())),
                    IoFixture.space()::indexOf, dir.resolve("x"), IoFixture.QUIET);
            var split = t.unlabeledSplit();
            Set<Integer> labeled = new HashSet<>();
            data.manifest().networks().forEach(n -> labeled.add(IoFixture.space().indexOf(n.key())));
            assertTrue(Arrays.stream(split.train()).noneMatch(labeled::contains));
            assertTrue(Arrays.stream(split.heldOut()).noneMatch(labeled::contains));
            assertEquals(IoFixture.space().size() - labeled.size(), split.train().length + split.heldOut().length);
        }
    }

    /**
     * The seed decides the initial weights, the data order and the sampling: the same seed gives the
     * same weights bit for bit, another seed other weights and other metrics, and a run does not
     * resume with another seed.
     */
    @Test
    void seedDecidesTheWeightsAndARunResumesOnlyWithItsOwn() throws Exception {
        try (IoDataset data = IoDataset.open(io, TargetTransform.Options.paper())) {
            SemiSupervisedConfig one = config(1), two = one.toBuilder().seed(2).build();
            var a = trainer(one, data, dir.resolve("seed1")).train();
            var again = trainer(one, data, dir.resolve("seed1-again")).train();
            var b = trainer(two, data, dir.resolve("seed2")).train();
            Map<String, NDArray> wa = a.model().stateDict(), wAgain = again.model().stateDict(), wb = b.model().stateDict();
            boolean anyDiffers = false;
            for (String k : wa.keySet()) {
                assertArrayEquals(wa.get(k).toFloatArray(), wAgain.get(k).toFloatArray(), 0f, k);
                anyDiffers |= !Arrays.equals(wa.get(k).toFloatArray(), wb.get(k).toFloatArray());
            }
            assertTrue(anyDiffers, "seed 2 trains other weights than seed 1");
            assertEquals(untimed(a), untimed(again));
            assertNotEquals(untimed(a).getFirst().sets(), untimed(b).getFirst().sets());

            var e = assertThrows(IOException.class, () -> trainer(one.toBuilder().epochs(2).seed(2).build(), data, dir.resolve("seed1")).train());
            assertTrue(e.getMessage().contains("seed 1 (this run: 2)"), e.getMessage());
        }
    }

    @Test
    void settingsChangeIsRefusedOnResume() throws Exception {
        try (IoDataset data = IoDataset.open(io, TargetTransform.Options.paper())) {
            trainer(config(1), data, dir.resolve("changed")).train();
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> trainer(config(2), data, dir.resolve("changed")).train());
            assertTrue(e.getMessage().contains("different settings"), e.getMessage());
        }
    }
}
