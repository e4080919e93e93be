package ionas.nas.iodata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ionas.autograd.Tensor;
import ionas.nas.cifar.CifarImages;
import ionas.nas.space.CellNetwork;
import ionas.tensor.Device;
import ionas.tensor.NDArray;
import ionas.tensor.testing.TestDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoDatasetTest {
    @TempDir
    static Path dir;
    static Path io;

    @BeforeAll
    static void build() throws IOException {
        io = IoFixture.build(dir);
    }

    @Test
    void setsHaveThePaperLayout() throws IOException {
        try (IoDataset d = IoDataset.open(io, TargetTransform.Options.paper())) {
            assertEquals(IoFixture.TRAIN + IoFixture.VALIDATION, d.manifest().networks().size());
            assertEquals(IoFixture.TRAIN * IoFixture.SEEN, d.size(IoSet.TRAIN));
            assertEquals(IoFixture.VALIDATION * IoFixture.SEEN, d.size(IoSet.VALID_UNSEEN_NETWORKS));
            // ceil(0.1 * 4) = 1 training network validates on unseen images, the other 3 test
            assertEquals(1, d.networks(IoSet.VALID_UNSEEN_IMAGES).length);
            assertEquals(3, d.networks(IoSet.TEST_UNSEEN_IMAGES).length);
            assertEquals(IoFixture.UNSEEN, d.imagesPerNetwork(IoSet.TEST_UNSEEN_IMAGES));
            assertEquals(IoFixture.VALIDATION * IoFixture.UNSEEN, d.size(IoSet.TEST_UNSEEN_BOTH));
            int[] all = d.networks(IoSet.TRAIN);
            int[] parts = java.util.stream.IntStream.concat(Arrays.stream(d.networks(IoSet.VALID_UNSEEN_IMAGES)),
                    Arrays.stream(d.networks(IoSet.TEST_UNSEEN_IMAGES))).sorted().toArray();
            assertArrayEquals(all, parts, "the held tenth and the rest partition the training networks");
            assertEquals(4 + 1, d.targetSize(), "4 pooled features of a stem-4 network, plus the bias");
        }
    }

    @Test
    void storedFeaturesAreTheNetworksPooledOutputs() throws IOException {
        var builder = new IoDatasetBuilder(IoFixture.config(), dir.resolve("pretrain"), io, IoFixture.QUIET);
        IoDatasetBuilder.Pretrained p = builder.networks().get(0);
        CellNetwork net = IoDatasetBuilder.load(p);
        IoImages images = IoImages.read(io);
        float[] expected;
        try (var s = ionas.autograd.Autograd.noGrad()) {
            expected = net.features(Tensor.of(NDArray.of(Arrays.copyOfRange(images.unseen(), 0, 3 * 3072), 3, 3, 32, 32))).data().toFloatArray();
        }
        try (IoDataset d = IoDataset.open(io, TargetTransform.Options.paper())) {
            int n = d.manifest().networks().stream().map(IoManifest.Network::name).toList().indexOf(p.name());
            float[] got = new float[3 * 4];
            for (int i = 0; i < 3; i++) d.outputs(n).features(true, i, got, i * 4);
            assertArrayEquals(expected, got, 1e-5f);
        }
    }

    /** The transform written out plainly: scale, append 1, sort by the class row descending, multiply, standardise. */
    @Test
    void targetsFollowThePaperPreprocessing() throws IOException {
        try (IoDataset d = IoDataset.open(io, TargetTransform.Options.paper());
             IoDataset raw = IoDataset.open(io, new TargetTransform.Options(false, false, 0))) {
            var stats = ionas.nn.io.SafeTensors.read(io.resolve(IoDataset.STATS)).tensors();
            float[] netMean = stats.get("network_mean").toFloatArray(), netStd = stats.get("network_std").toFloatArray();
            float[] posMean = stats.get("position_mean").toFloatArray(), posStd = stats.get("position_std").toFloatArray();
            IoSet set = IoSet.TEST_UNSEEN_BOTH;
            long e = 7;
            int n = d.network(set, e), label = d.images().label(true, d.image(set, e));
            float[] f = new float[4];
            d.outputs(n).features(true, d.image(set, e), f, 0);
            float[] w = d.outputs(n).classWeightsWithBias(label);
            double[] x = new double[5];
            for (int k = 0; k < 4; k++) x[k] = (f[k] - netMean[n]) / netStd[n];
            x[4] = 1;
            Integer[] order = {0, 1, 2, 3, 4};
            Arrays.sort(order, (a, b) -> Float.compare(w[b], w[a]));
            float[] expected = new float[5], expectedRaw = new float[5];
            for (int k = 0; k < 5; k++) {
                expected[k] = (float) ((x[order[k]] * w[order[k]] - posMean[k]) / posStd[k]);
                expectedRaw[k] = (order[k] == 4 ? 1 : f[order[k]]) * w[order[k]];
            }
            float[] got = new float[5], gotRaw = new float[5], scratch = new float[4];
            d.target(set, e, got, 0, scratch);
            raw.target(set, e, gotRaw, 0, scratch);
            assertArrayEquals(expected, got, 1e-4f);
            assertArrayEquals(expectedRaw, gotRaw, 1e-5f);
        }
    }

    @Test
    void trainTargetsAreStandardisedPerPosition() throws IOException {
        try (IoDataset d = IoDataset.open(io, TargetTransform.Options.paper())) {
            long n = d.size(IoSet.TRAIN);
            long[] all = new long[(int) n];
            for (int i = 0; i < n; i++) all[i] = i;
            NDArray t = d.targets(IoSet.TRAIN, all, 0, (int) n);
            float[] mean = t.mean(0, false).toFloatArray();
            float[] var = t.sub(t.mean(0, true)).square().mean(0, false).toFloatArray();
            for (int k = 0; k < mean.length; k++) {
                assertEquals(0, mean[k], 1e-4, "position " + k);
                // the bias position: the weight sorts to a fixed place per class, so its variance can be 0 (then std 1 is used)
                assertTrue(Math.abs(var[k] - 1) < 1e-3 || var[k] < 1e-6, "position " + k + " variance " + var[k]);
            }
        }
    }

    @Test
    void topKKeepsTheLeadingPositions() throws IOException {
        try (IoDataset all = IoDataset.open(io, TargetTransform.Options.paper());
             IoDataset top = IoDataset.open(io, new TargetTransform.Options(true, true, 2))) {
            assertEquals(2, top.targetSize());
            float[] a = new float[5], b = new float[2], s = new float[4];
            all.target(IoSet.TRAIN, 3, a, 0, s);
            top.target(IoSet.TRAIN, 3, b, 0, s);
            assertArrayEquals(Arrays.copyOf(a, 2), b, 0);
        }
        assertThrows(IllegalArgumentException.class, () -> IoDataset.open(io, new TargetTransform.Options(true, true, 6)).close());
    }

    @Test
    void shardsResumeAndJoinToTheSameDataset() throws IOException {
        Path other = dir.resolve("io-sharded");
        var b = new IoDatasetBuilder(IoFixture.config(), dir.resolve("pretrain"), other, IoFixture.QUIET);
        CifarImages img = IoFixture.images(60, 1);
        IoImages images = b.images(img, IoFixture.split().validation(), IoFixture.images(60, 2));
        assertEquals(3, b.extract(images, 0, 2));
        assertEquals(3, b.missing().size());
        IOException early = assertThrows(IOException.class, () -> b.join(images));
        assertTrue(early.getMessage().contains("3 networks have no features yet"), early.getMessage());
        assertEquals(3, b.extract(images, 1, 2));
        assertEquals(0, b.extract(images, 0, 1), "a second run finds everything done");
        b.join(images);
        for (String f : List.of(IoManifest.FILE, IoDataset.STATS, IoImages.FILE))
            assertArrayEquals(Files.readAllBytes(io.resolve(f)), Files.readAllBytes(other.resolve(f)), f);
    }

    /**
     * On another device (simulated by the CPU backend, so an array left on the CPU fails) the
     * networks' files are the CPU's, byte for byte.
     */
    @Test
    void extractsOnAnotherDeviceExactlyAsOnTheCpu() throws IOException {
        Device gpu = Device.cuda(0);
        Path other = dir.resolve("io-device");
        try (var on = TestDevice.SIMULATED_CUDA.install()) {
            var b = new IoDatasetBuilder(IoFixture.config(), dir.resolve("pretrain"), other, IoFixture.QUIET).onDevice(gpu);
            IoImages images = b.images(IoFixture.images(60, 1), IoFixture.split().validation(), IoFixture.images(60, 2));
            assertEquals(IoFixture.TRAIN + IoFixture.VALIDATION, b.extract(images, 0, 1));
        }
        for (IoManifest.Network n : IoManifest.read(io).networks()) {
            Path cpu = IoDatasetBuilder.outputFile(io, n.role(), n.name()), dev = IoDatasetBuilder.outputFile(other, n.role(), n.name());
            assertArrayEquals(Files.readAllBytes(cpu), Files.readAllBytes(dev), n.name());
        }
    }

    @Test
    void networksStillPretrainingAreLeftForALaterRun() throws IOException {
        Path pre = dir.resolve("pretrain-partial");
        try (var files = Files.walk(dir.resolve("pretrain"))) {
            for (Path f : files.toList()) {
                Path to = pre.resolve(dir.resolve("pretrain").relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        var b = new IoDatasetBuilder(IoFixture.config(), pre, dir.resolve("io-partial"), IoFixture.QUIET);
        Path metrics = b.networks().get(1).dir().resolve("metrics.json");
        Files.writeString(metrics, Files.readString(metrics).replace("\"completed\" : true", "\"completed\" : false"));
        IoImages images = b.images(IoFixture.images(60, 1), IoFixture.split().validation(), IoFixture.images(60, 2));
        assertEquals(5, b.extract(images, 0, 1));
        assertEquals(List.of(b.networks().get(1)), b.missing());
    }

    @Test
    void imagesMadeWithOtherSettingsAreRefused() {
        var b = new IoDatasetBuilder(new IoDatasetBuilder.Config(IoFixture.SEEN, 10, 1, true, 0.1), dir.resolve("pretrain"), io, IoFixture.QUIET);
        IOException e = assertThrows(IOException.class, () -> b.images(IoFixture.images(60, 1), IoFixture.split().validation(), IoFixture.images(60, 2)));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    @Test
    void missingDatasetIsNamed() {
        IOException e = assertThrows(IOException.class, () -> IoDataset.open(dir.resolve("nothing"), TargetTransform.Options.paper()));
        assertTrue(e.getMessage().contains("io-dataset build"), e.getMessage());
    }

    /** A manifest of version 1 (NAS-Bench-101 matrices, no space) is refused with what to do, not misread. */
    @Test
    void aVersionOneManifestSaysHowToRebuild() throws IOException {
        Path old = Files.createDirectories(dir.resolve("old"));
        Files.writeString(old.resolve(IoManifest.FILE), """
                {"format": "ionas-io-dataset", "version": 1, "featureDim": 4, "seenImages": 2, "unseenImages": 3, "seed": 1,
                 "frozenAugmentation": true, "networks": [{"hash": "abc", "role": "train", "matrix": [[0, 1], [0, 0]],
                 "ops": ["input", "output"], "validationAccuracy": 0.9, "testAccuracy": 0.9}], "heldTrainNetworks": []}""");
        IOException e = assertThrows(IOException.class, () -> IoManifest.read(old));
        assertTrue(e.getMessage().contains("is version 1 of the manifest, this ionas reads version 2: delete it and run `ionas io-dataset build` again"),
                e.getMessage());
    }
}
