package ionas.nas.iodata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ionas.nas.JsonFiles;
import ionas.nas.Progress;
import ionas.nas.cifar.CifarImages;
import ionas.nas.pretrain.PretrainConfig;
import ionas.nas.pretrain.Pretrainer;
import ionas.nas.random.NumpyRandomState;
import ionas.nas.space.CellKind;
import ionas.nas.space.CellNetwork;
import ionas.nn.io.Checkpoint;
import ionas.nn.io.SafeTensors;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the IO dataset from pretrained networks (paper section 3.2, spec A.1) in two steps:
 * <ol>
 *   <li>{@link #extract}: each network, rebuilt from its pretraining checkpoint, is run in
 *       evaluation mode on the seen and unseen images and its pooled features and dense layer are
 *       written to {@code networks/<role>/<hash>.safetensors}. Networks already written are
 *       skipped, so a killed run resumes, and {@code shard i/n} takes only every n-th network, so a
 *       job array can share the work.</li>
 *   <li>{@link #join}: once every network is done, fits the target statistics (a mean and standard
 *       deviation per network, then per target position over the training set), chooses the tenth
 *       of the training networks that validates on unseen images, and writes
 *       {@code stats.safetensors} and finally {@code manifest.json}.</li>
 * </ol>
 * The input is a {@code ionas pretrain} output folder: {@code train/<name>/} and
 * {@code validation/<name>/} (a name is its cell's {@link CellKind#fileName}), each with {@code checkpoint.safetensors} and a completed
 * {@code metrics.json}. {@link #onDevice} runs the networks elsewhere than on the CPU; the files
 * written do not depend on where.
 */
public final class IoDatasetBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 200;
    static final String NETWORKS = "networks";

    /**
     * @param seenImages how many of the held-out training images (the paper: all 1,000)
     * @param unseenImages how many test images (the paper: 2,000)
     * @param seed of the choice of test images, the frozen augmentation and the held-out tenth
     * @param frozenAugmentation the seen images carry one random crop/flip each (info-NAS's code) or none
     * @param heldTrainShare the share of training networks whose unseen-image outputs validate (0.1)
     */
    public record Config(int seenImages, int unseenImages, long seed, boolean frozenAugmentation, double heldTrainShare) {
        public Config {
            if (seenImages <= 0 || unseenImages <= 0) throw new IllegalArgumentException("image counts must be positive");
            if (heldTrainShare < 0 || heldTrainShare >= 1) throw new IllegalArgumentException("held share must be in [0, 1)");
        }

        public static Config paper() {
            return new Config(1000, 2000, 1, true, 0.1);
        }
    }

    /** A pretrained network found in the pretraining folder: its role, and its folder's name (its cell's file name). */
    public record Pretrained(String role, String name, Path dir) {}

    private final Config config;
    private final Path pretrainDir, outDir;
    private final PrintStream log;
    private Device device = Device.CPU;
    private Progress progress = Progress.NONE;

    public IoDatasetBuilder(Config config, Path pretrainDir, Path outDir, PrintStream log) {
        this.config = config;
        this.pretrainDir = pretrainDir;
        this.outDir = outDir;
        this.log = log;
    }

    /** Runs the networks on {@code d} (default the CPU). */
    public IoDatasetBuilder onDevice(Device d) {
        device = d;
        return this;
    }

    /** Reports the networks {@link #extract} runs to {@code p}. */
    public IoDatasetBuilder withProgress(Progress p) {
        progress = p;
        return this;
    }

    /** The pretrained networks: training ones first, then validation ones, each group sorted by hash. */
    public List<Pretrained> networks() throws IOException {
        List<Pretrained> out = new ArrayList<>();
        for (String role : List.of("train", "validation")) {
            Path d = pretrainDir.resolve(role);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted()
                        .forEach(h -> out.add(new Pretrained(role, h, d.resolve(h))));
            }
        }
        if (out.isEmpty())
            throw new IOException("no pretrained networks in " + pretrainDir + " (expected train/<hash>/ and validation/<hash>/ folders "
                    + "made by `ionas pretrain --select T,V`)");
        return out;
    }

    static Path outputFile(Path dir, String role, String hash) {
        return dir.resolve(NETWORKS).resolve(role).resolve(hash + ".safetensors");
    }

    /**
     * The images, read from the output folder when an earlier run made them with the same settings,
     * else built from CIFAR-10 and written there.
     */
    public IoImages images(CifarImages train, int[] heldOut, CifarImages test) throws IOException {
        Path file = outDir.resolve(IoImages.FILE);
        if (Files.exists(file)) {
            String made = SafeTensors.read(file).metadata().get("config");
            if (!config.toString().equals(made))
                throw new IOException(file + " was made with other settings (" + made + ") than this run (" + config
                        + "); use another output folder or delete it");
            return IoImages.read(outDir);
        }
        IoImages images = IoImages.build(train, heldOut, test, config.seenImages(), config.unseenImages(), config.seed(),
                config.frozenAugmentation());
        images.write(outDir, config.toString());
        return images;
    }

    /**
     * Runs the networks with {@code index % shardCount == shardIndex} that have no output file yet
     * and have finished pretraining (the others are left for a later run).
     *
     * @return how many networks were run now (the others of the shard were already done)
     */
    public int extract(IoImages images, int shardIndex, int shardCount) throws IOException {
        List<Pretrained> nets = networks();
        int done = 0, mine = 0, todo = 0;
        for (int i = 0; i < nets.size(); i++) {
            if (i % shardCount != shardIndex) continue;
            mine++;
            if (!Files.exists(outputFile(outDir, nets.get(i).role(), nets.get(i).name()))) todo++;
        }
        int k = 0;
        try (Progress.Task task = progress.start("io-dataset build", todo, "networks")) {
            for (int i = 0; i < nets.size(); i++) {
                if (i % shardCount != shardIndex) continue;
                k++;
                Pretrained p = nets.get(i);
                Path file = outputFile(outDir, p.role(), p.name());
                if (Files.exists(file)) continue;
                if (!Pretrainer.isCompleted(p.dir())) {
                    // pretraining and extraction may run side by side on a cluster: a later run takes this network
                    log.printf(Locale.ROOT, "io-dataset: [%d/%d] %s/%s has not finished pretraining; skipped for now%n", k, mine, p.role(), p.name());
                    continue;
                }
                long t0 = System.nanoTime();
                CellNetwork net = load(p);
                net.to(device);
                float[] seen = features(net, images.seen(), images.seenCount());
                float[] unseen = features(net, images.unseen(), images.unseenCount());
                var classifier = net.namedParameters();
                NetworkOutputs.write(file, seen, images.seenCount(), unseen, images.unseenCount(), classifier.get("classifier.weight").data(),
                        classifier.get("classifier.bias").data(), Map.of("hash", p.name(), "role", p.role()));
                done++;
                task.step();
                log.printf(Locale.ROOT, "io-dataset: [%d/%d] %s/%s: %d features on %d + %d images (%.1f s)%n", k, mine, p.role(), p.name(),
                        net.featureChannels(), images.seenCount(), images.unseenCount(), (System.nanoTime() - t0) / 1e9);
            }
        }
        return done;
    }

    /** Rebuilds a pretrained network from its folder: the cell and settings from metrics.json, the weights from the checkpoint. */
    static CellNetwork load(Pretrained p) throws IOException {
        Path metrics = p.dir().resolve(Pretrainer.METRICS), ckpt = p.dir().resolve(Pretrainer.CHECKPOINT);
        if (!Pretrainer.isCompleted(p.dir()) || !Files.exists(ckpt))
            throw new IOException("network " + p.role() + "/" + p.name() + " has not finished pretraining (" + p.dir()
                    + "); run `ionas pretrain` to completion first");
        JsonNode m = JsonFiles.readTree(JSON, metrics);
        CellNetwork net = network(Pretrainer.recordedKind(m), m, JSON.treeToValue(m.get("config"), PretrainConfig.class));
        Checkpoint.load(ckpt, net);
        net.eval();
        return net;
    }

    /** The network of the cell that {@code metrics} records, in its pretraining shape; the weights are loaded next. */
    private static <C> CellNetwork network(CellKind<C> kind, JsonNode metrics, PretrainConfig c) {
        return kind.networks().network(kind.read(metrics), c.shape(),
                CifarImages.CLASSES, new Generator(0));
    }

    /** The manifest entry of a pretrained network: its cell as its space describes it, checked against its folder's name. */
    private static <C> IoManifest.Network entry(Pretrained p, CellKind<C> kind, JsonNode metrics) throws IOException {
        C cell = kind.read(metrics);
        if (!kind.fileName(cell).equals(p.name()))
            throw new IOException(p.dir() + " holds cell " + kind.fileName(cell) + ", not the one its folder is named after");
        JsonNode epochs = metrics.path("epochs");
        double val = epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).path("validationAccuracy").asDouble(Double.NaN);
        return new IoManifest.Network(p.name(), p.role(), kind.keyOf(cell), JSON.valueToTree(kind.describe(cell)), val,
                metrics.path(Pretrainer.TEST_ACCURACY).asDouble(Double.NaN));
    }

    /** The pooled features of {@code count} images, {@code (count, D)} row-major, in evaluation mode on this builder's device. */
    private float[] features(CellNetwork net, float[] pixels, int count) {
        return IoImages.mapBatches(pixels, count, BATCH, net.featureChannels(), device, net::features);
    }

    /** Whether every pretrained network has its output file. */
    public List<Pretrained> missing() throws IOException {
        List<Pretrained> out = new ArrayList<>();
        for (Pretrained p : networks()) if (!Files.exists(outputFile(outDir, p.role(), p.name()))) out.add(p);
        return out;
    }

    /** Fits the statistics and writes {@code stats.safetensors} and {@code manifest.json}; every network must be extracted. */
    public IoManifest join(IoImages images) throws IOException {
        List<Pretrained> missing = missing();
        if (!missing.isEmpty())
            throw new IOException(missing.size() + " networks have no features yet (first: " + missing.get(0).role() + "/" + missing.get(0).name()
                    + "); run `ionas io-dataset build` for every shard first");
        List<Pretrained> nets = networks();
        List<IoManifest.Network> entries = new ArrayList<>();
        List<String> trainHashes = new ArrayList<>();
        String space = null;
        for (Pretrained p : nets) {
            JsonNode m = JsonFiles.readTree(JSON, p.dir().resolve(Pretrainer.METRICS));
            CellKind<?> kind = Pretrainer.recordedKind(m);
            if (space == null) space = kind.name();
            if (!space.equals(kind.name()))
                throw new IOException(pretrainDir + " mixes spaces: " + nets.get(0).dir() + " is a " + space + " network, " + p.dir()
                        + " a " + kind.name() + " one; an IO dataset holds one space");
            entries.add(entry(p, kind, m));
            if (p.role().equals("train")) trainHashes.add(p.name());
        }
        int held = (int) Math.ceil(config.heldTrainShare() * trainHashes.size());
        List<String> heldHashes = new ArrayList<>();
        for (int i : new NumpyRandomState(config.seed()).choiceWithoutReplacement(trainHashes.size(), held)) heldHashes.add(trainHashes.get(i));
        heldHashes.sort(null);

        try (Arena arena = Arena.ofConfined()) {
            NetworkOutputs[] outputs = new NetworkOutputs[nets.size()];
            float[] netMean = new float[nets.size()], netStd = new float[nets.size()];
            int dim = -1;
            for (int n = 0; n < nets.size(); n++) {
                outputs[n] = NetworkOutputs.map(outputFile(outDir, nets.get(n).role(), nets.get(n).name()), arena);
                if (dim >= 0 && outputs[n].dim() != dim)
                    throw new IOException("networks disagree on the feature size (" + dim + " and " + outputs[n].dim() + " for " + nets.get(n).name() + ")");
                dim = outputs[n].dim();
                float[] all = new float[images.seenCount() * dim];
                for (int i = 0; i < images.seenCount(); i++) outputs[n].features(false, i, all, i * dim);
                float[] ms = TargetTransform.meanStd(all);
                netMean[n] = ms[0];
                netStd[n] = ms[1];
            }
            float[] posMean = new float[dim + 1], posStd = new float[dim + 1];
            fitPositions(outputs, entries, images, netMean, netStd, posMean, posStd);
            Map<String, NDArray> stats = new LinkedHashMap<>();
            stats.put("network_mean", NDArray.of(netMean, netMean.length));
            stats.put("network_std", NDArray.of(netStd, netStd.length));
            stats.put("position_mean", NDArray.of(posMean, posMean.length));
            stats.put("position_std", NDArray.of(posStd, posStd.length));
            SafeTensors.write(outDir.resolve(IoDataset.STATS), stats, Map.of("format", "ionas-io-stats"));
            IoManifest manifest = new IoManifest(IoManifest.FORMAT, IoManifest.VERSION, space, dim, images.seenCount(), images.unseenCount(), config.seed(),
                    config.frozenAugmentation(), entries, heldHashes);
            manifest.write(outDir);
            return manifest;
        }
    }

    /** Per-position mean and standard deviation of the scaled, sorted, weighted targets of the training set. */
    private static void fitPositions(NetworkOutputs[] outputs, List<IoManifest.Network> entries, IoImages images, float[] netMean,
                                     float[] netStd, float[] posMean, float[] posStd) {
        int t = posMean.length, dim = t - 1;
        TargetTransform raw = new TargetTransform(new TargetTransform.Options(true, false, 0), outputs, netMean, netStd, posMean, posStd);
        double[] sum = new double[t], sq = new double[t];
        float[] feat = new float[dim], target = new float[t];
        long count = 0;
        for (int n = 0; n < outputs.length; n++) {
            if (!entries.get(n).isTrain()) continue;
            for (int i = 0; i < images.seenCount(); i++) {
                outputs[n].features(false, i, feat, 0);
                raw.unnormalised(n, images.seenLabels()[i], feat, target, 0, t);
                for (int k = 0; k < t; k++) {
                    sum[k] += target[k];
                    sq[k] += (double) target[k] * target[k];
                }
                count++;
            }
        }
        for (int k = 0; k < t; k++) {
            double m = sum[k] / count, var = Math.max(0, sq[k] / count - m * m);
            posMean[k] = (float) m;
            posStd[k] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
    }
}
