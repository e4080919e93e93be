package ionas.nas.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.JsonFiles;
import ionas.nas.Progress;
import ionas.nas.RunNames;
import ionas.nas.cifar.CifarImages;
import ionas.nas.cifar.CifarLoader;
import ionas.nas.cifar.CifarSplit;
import ionas.nas.cifar.CifarTransform;
import ionas.nas.nb101.CellSpec;
import ionas.nas.nb101.space.Nb101Cells;
import ionas.nas.space.CellKind;
import ionas.nas.space.CellNetwork;
import ionas.nas.spaces.KnownSpaces;
import ionas.nas.training.Epoch;
import ionas.nas.training.MetricsFile;
import ionas.nas.training.ResumableTraining;
import ionas.nas.training.TrainingState;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.nn.optim.CosineAnnealingLR;
import ionas.nn.optim.GradClip;
import ionas.nn.optim.SGD;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the networks of a space's cells on CIFAR-10 as the paper did (NAS-Bench-101's, or any
 * {@link CellKind}'s), one folder per network:
 * {@code checkpoint.safetensors} (weights, batch-norm statistics and SGD momentum, rewritten
 * atomically after every epoch) and {@code metrics.json} (every epoch's train loss and accuracy,
 * validation loss and accuracy, then the test accuracy and {@code "completed": true} at the end). A killed run resumes at the last finished epoch and gives
 * the same result as an uninterrupted one: the data order and augmentation are functions of
 * (seed, epoch), not of how far a generator has run. The loop that resumes, checks the settings
 * and writes the files is {@link ResumableTraining}'s.
 */
public final class Pretrainer {
    public static final String CHECKPOINT = ResumableTraining.CHECKPOINT, METRICS = MetricsFile.NAME;
    /** The key of the test accuracy in a complete network's metrics file. */
    public static final String TEST_ACCURACY = "test_accuracy";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key of the network's space in its metrics file. */
    private static final String SPACE = "space";

    private final PretrainConfig config;
    private final CifarImages images;
    private final CifarImages testImages; // null: no test accuracy
    private final CifarSplit split;
    private final Path outDir;
    private final PrintStream log;

    private Progress progress = Progress.NONE;
    private Device device = Device.CPU;

    /**
     * Trains on {@code device} (default the CPU): the network is moved there after it is built, and
     * every batch before it is used. Checkpoints are device-free, so a run may resume elsewhere.
     */
    public Pretrainer onDevice(Device d) {
        device = d;
        return this;
    }

    /** Reports the batches of each epoch to {@code p}; returns this trainer. */
    public Pretrainer withProgress(Progress p) {
        progress = p;
        return this;
    }

    /** The outcome for one network; testAccuracy is NaN when no test images were given. */
    public record Result(String name, List<EpochMetrics> epochs, double testAccuracy, boolean resumed, CellNetwork network) {
        public EpochMetrics last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /**
     * @param trainImages the 50,000 CIFAR-10 training images ({@code split} picks from them)
     * @param testImages the test images for the final test accuracy, or null for none
     */
    public Pretrainer(PretrainConfig config, CifarImages trainImages, CifarImages testImages, CifarSplit split, Path outDir,
                      PrintStream log) {
        this.config = config;
        this.images = trainImages;
        this.testImages = testImages;
        this.split = split;
        this.outDir = outDir;
        this.log = log;
    }

    public static boolean isCompleted(Path networkDir) {
        return MetricsFile.isComplete(networkDir);
    }

    /** Trains (or finishes training) the NAS-Bench-101 network of {@code cell}, stored under {@code outDir/name}. */
    public Result train(String name, CellSpec cell) throws IOException {
        return train(name, Nb101Cells.KIND, cell, config.epochs());
    }

    /**
     * Like {@link #train(String, CellSpec)} but stops after epoch {@code untilEpoch} (for runs cut
     * into time slots); a later call continues from there.
     */
    public Result train(String name, CellSpec cell, int untilEpoch) throws IOException {
        return train(name, Nb101Cells.KIND, cell, untilEpoch);
    }

    /**
     * Trains (or finishes training, up to epoch {@code untilEpoch}) the network that {@code kind}
     * builds for {@code cell}, stored under {@code outDir/name}; its metrics file records the
     * space, the cell's key and {@link CellKind#describe}'s fields.
     */
    public <C> Result train(String name, CellKind<C> kind, C cell, int untilEpoch) throws IOException {
        Path dir = outDir.resolve(RunNames.checkPath("network name", name));
        requireSameWork(name, kind, cell);
        CellNetwork net = kind.networks().network(cell, config.shape(),
                CifarImages.CLASSES, new Generator(config.seed()));
        net.to(device);
        SGD sgd = new SGD(net.parameters(), config.lr(), config.momentum(), config.weightDecay());
        CosineAnnealingLR schedule = new CosineAnnealingLR(sgd, config.epochs(), 0);
        var outcome = new ResumableTraining<>(dir, name, EpochMetrics.class, log).withProgress(progress)
                .settings(Map.of("config", config.toString(), "cell", cell.toString()))
                .describedBy(about(name, kind, cell))
                .onComplete(epochs -> {
                    double test = testAccuracy(net);
                    if (Double.isNaN(test)) return Map.of();
                    log.printf(Locale.ROOT, "%s: test accuracy %.4f%n", name, test);
                    return Map.of(TEST_ACCURACY, test);
                })
                .train(TrainingState.of(net, sgd), config.epochs(), untilEpoch, index -> {
                    schedule.setEpoch(index); // NASBench-PyTorch steps the schedule after each epoch: epoch e uses lr(e)
                    return epoch(index, name, net, sgd);
                });
        double test = outcome.results().get(TEST_ACCURACY) instanceof Double t ? t : Double.NaN;
        return new Result(name, outcome.epochs(), test, outcome.resumed(), net);
    }

    /** What the metrics file says about a network, first: its name, space, key and cell, then the settings. */
    private <C> Map<String, Object> about(String name, CellKind<C> kind, C cell) {
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("name", name);
        about.put(SPACE, kind.name());
        about.put("key", kind.keyOf(cell));
        about.putAll(kind.describe(cell));
        about.put("config", config);
        return about;
    }

    /** Epoch {@code index}: shuffled, augmented batches (a function of (seed, epoch)), then the validation loss and accuracy. */
    private Epoch<EpochMetrics> epoch(int index, String name, CellNetwork net, SGD sgd) {
        long t0 = System.nanoTime();
        int[] trainSubset = split.train();
        if (config.trainImages() > 0) trainSubset = Arrays.copyOf(trainSubset, Math.min(config.trainImages(), trainSubset.length));
        CifarLoader loader = new CifarLoader(images, trainSubset, config.batchSize(), CifarTransform.training(config.seed()), true, config.seed(), index);
        Iterator<CifarLoader.Batch> batches = loader.iterator();
        return new Epoch<>() {
            private double lossSum;
            private long correct, seen;

            @Override
            public int batches() {
                return loader.batches();
            }

            @Override
            public void step(int batch) {
                CifarLoader.Batch b = batches.next();
                sgd.zeroGrad();
                NDArray labels = b.labels().to(device);
                Tensor logits = net.forward(Tensor.of(b.images().to(device)));
                Tensor loss = Losses.crossEntropy(logits, labels, Reduction.MEAN);
                loss.backward();
                GradClip.clipGradNorm(net.parameters(), config.clipNorm());
                sgd.step();
                int n = b.indices().length;
                lossSum += loss.item() * n;
                correct += countCorrect(logits.data(), labels);
                seen += n;
            }

            @Override
            public EpochMetrics evaluate() {
                double[] val = Pretrainer.this.evaluate(net, images, split.validation(),
                        config.augmentValidation() ? CifarTransform.training(config.seed() + 1) : CifarTransform.evaluation());
                EpochMetrics m = new EpochMetrics(index + 1, sgd.lr(), lossSum / seen, correct / (double) seen, val[0], val[1],
                        (System.nanoTime() - t0) / 1e9);
                log.printf(Locale.ROOT, "%s: epoch %d/%d  lr %.5f  train loss %.4f acc %.4f  validation loss %.4f acc %.4f  (%.1f s)%n",
                        name, m.epoch(), config.epochs(), m.lr(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
                        m.validationAccuracy(), m.seconds());
                return m;
            }
        };
    }

    /** Accuracy on the first {@code testImages} test images (all when 0), or NaN without test images. */
    private double testAccuracy(CellNetwork net) {
        if (testImages == null) return Double.NaN;
        int n = config.testImages() == 0 ? testImages.count() : Math.min(config.testImages(), testImages.count());
        int[] subset = new int[n];
        for (int i = 0; i < n; i++) subset[i] = i;
        return evaluate(net, testImages, subset, CifarTransform.evaluation())[1];
    }

    /** Mean cross-entropy and accuracy over {@code subset}, in evaluation mode and without a graph. */
    public double[] evaluate(CellNetwork net, CifarImages source, int[] subset, CifarTransform transform) {
        net.eval();
        double lossSum = 0;
        long correct = 0;
        try (var scope = Autograd.noGrad()) {
            for (CifarLoader.Batch b : new CifarLoader(source, subset, 256, transform, false, 0, 0)) {
                try (MemoryScope batch = MemoryScope.open()) {
                    NDArray labels = b.labels().to(device);
                    Tensor logits = net.forward(Tensor.of(b.images().to(device)));
                    lossSum += Losses.crossEntropy(logits, labels, Reduction.SUM).item();
                    correct += countCorrect(logits.data(), labels);
                }
            }
        }
        net.train(true);
        return new double[] {lossSum / subset.length, correct / (double) subset.length};
    }

    /**
     * Throws when the folder of {@code name} holds a network (finished or not) made from another
     * cell or space or with other settings than this trainer's: a rerun with another {@code --seed}
     * or {@code --epochs} must not report someone else's network as done. Nothing there: no error.
     */
    public <C> void requireSameWork(String name, CellKind<C> kind, C cell) throws IOException {
        Path m = outDir.resolve(RunNames.checkPath("network name", name)).resolve(METRICS);
        if (!Files.exists(m)) return;
        JsonNode recorded = JsonFiles.readTree(JSON, m);
        List<String> differences = new ArrayList<>();
        String space = recordedSpace(recorded);
        if (!space.equals(kind.name())) {
            differences.add("another space (" + space + ")");
        } else {
            C was = kind.read(recorded);
            if (!JSON.valueToTree(kind.describe(was)).equals(JSON.valueToTree(kind.describe(cell))))
                differences.add("another cell (" + kind.keyOf(was) + ", " + was + ")");
        }
        JsonNode node = recorded.get("config");
        if (node == null) throw new IOException(m + " records no settings: delete " + m.getParent() + " to train it again");
        PretrainConfig settings = JSON.treeToValue(node, PretrainConfig.class);
        for (RecordComponent c : PretrainConfig.class.getRecordComponents()) {
            try {
                Object then = c.getAccessor().invoke(settings), now = c.getAccessor().invoke(config);
                if (!then.equals(now)) differences.add(c.getName() + " " + then + " (this run: " + now + ")");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!differences.isEmpty())
            throw new IOException(name + " in " + outDir + " was made with " + String.join(", ", differences)
                    + ": give another --out, or delete " + m.getParent() + " to train it again");
    }

    /**
     * The cell a network's metrics file records, read by {@code kind}.
     *
     * @throws IllegalArgumentException when the network is of another space than {@code kind}'s
     */
    public static <C> C recordedCell(JsonNode metrics, CellKind<C> kind) {
        String space = recordedSpace(metrics);
        if (!space.equals(kind.name()))
            throw new IllegalArgumentException("network '" + metrics.path("name").asText() + "' is a " + space + " network, not " + kind.name());
        return kind.read(metrics);
    }

    /**
     * The kind of the space a metrics file records.
     *
     * @throws IllegalArgumentException when this build knows no space of that name
     */
    public static CellKind<?> recordedKind(JsonNode metrics) {
        return KnownSpaces.named(recordedSpace(metrics));
    }

    /** The space a metrics file records; files written before there were two spaces are NAS-Bench-101's. */
    private static String recordedSpace(JsonNode metrics) {
        return metrics.path(SPACE).asText(Nb101Cells.NAME);
    }

    private static long countCorrect(NDArray logits, NDArray labels) {
        return (long) logits.argmax(1, false).eq(labels).sum().item();
    }
}
