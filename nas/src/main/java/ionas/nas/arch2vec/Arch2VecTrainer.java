package ionas.nas.arch2vec;

import static ionas.nas.arch2vec.Arch2Vec.LATENT;

import ionas.autograd.Autograd;
import ionas.autograd.Tensor;
import ionas.nas.Progress;
import ionas.nas.training.Epoch;
import ionas.nas.training.MetricsFile;
import ionas.nas.training.ResumableTraining;
import ionas.nas.training.TrainingState;
import ionas.nas.space.GraphEncoding;
import ionas.nas.space.GraphLayout;
import ionas.nn.io.Checkpoint;
import ionas.nn.io.SafeTensors;
import ionas.nn.optim.Adam;
import ionas.nn.optim.GradClip;
import ionas.tensor.DType;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * arch2vec pre-training (spec 3.6): Adam (lr 1e-3, {@link Adam}'s defaults otherwise), gradient clipping
 * at global norm 5, batches of 32 taken consecutively from the fixed permutation of the training
 * indices (the same order every epoch; the last, partial batch included), and after each epoch the
 * held-out reconstruction metrics and the validity/uniqueness of decoder samples (spec 3.7). By
 * default the epochs after the first train in evaluation mode, as arch2vec's released script does
 * ({@link TrainingRegime#CODE}; the spec's section 3.6 says otherwise, {@link TrainingRegime#TRAIN}).
 *
 * <p>Files in {@code outDir}: {@code checkpoint.safetensors} (model, batch-norm statistics, Adam
 * state, epochs done and the noise generator's offset; rewritten atomically after every epoch) and
 * {@code metrics.json} (every finished epoch's metrics, and the kept epoch once the run is complete);
 * with {@link KeepRule#BEST} also {@value #BEST}, the model of the best epoch so far. A killed run resumes after its last
 * finished epoch and ends exactly as an uninterrupted one: the batch order is fixed, the training
 * noise (reparameterisation and dropout) continues from the saved generator offset, and the
 * sampling noise of each epoch's validity check is a function of (seed, epoch). The loop that
 * resumes, checks the settings and writes the files is {@link ResumableTraining}; this class
 * brings arch2vec's model, batches and evaluation.
 *
 * <p>Validity/uniqueness is computed twice on 10,000 samples: as arch2vec does, with
 * {@code z = randn(7,16) * z_std + z_mean} where mean and (unbiased) std per node position and
 * dimension are those of all training {@code mu} of the epoch ({@link EpochMetrics#validity}), and
 * from the standard normal prior {@code N(0, I)} ({@link EpochMetrics#validityStdNormal}).
 *
 * <p>{@link #onDevice} trains elsewhere than on the CPU: the model, every batch and the sampling
 * noise live there; metrics are read back to the host. Checkpoints do not depend on the device,
 * so a run may resume on another one.
 */
public final class Arch2VecTrainer {
    public static final String CHECKPOINT = ResumableTraining.CHECKPOINT, METRICS = MetricsFile.NAME;
    private static final int EVAL_CHUNK = 500;

    /** Settings; {@code limit > 0} keeps only the first {@code limit} cells of each permuted split. */
    public record Config(int epochs, int batchSize, double lr, double clipNorm, long seed, int limit, int samples) {
        /** arch2vec's: 8 epochs, batch 32, Adam 1e-3, clipping 5, seed 1, all cells, 10,000 samples. */
        public static Config paper() {
            return new Builder().epochs(8).batchSize(32).lr(1e-3).clipNorm(5).seed(1).limit(0).samples(10_000).build();
        }

        /**
         * arch2vec's on NAS-Bench-201 ({@code models/pretraining_nasbench201.py}): as {@link #paper()}
         * but 10 epochs and seed 3.
         */
        public static Config paperNb201() {
            return paper().toBuilder().epochs(10).seed(3).build();
        }

        public Config withEpochs(int e) { return toBuilder().epochs(e).build(); }
        public Config withSeed(long s) { return toBuilder().seed(s).build(); }
        public Config withLimit(int l) { return toBuilder().limit(l).build(); }
        public Config withSamples(int n) { return toBuilder().samples(n).build(); }

        /** These settings, to change some by name. */
        public Builder toBuilder() {
            return new Builder().epochs(epochs).batchSize(batchSize).lr(lr).clipNorm(clipNorm).seed(seed).limit(limit).samples(samples);
        }

        /** Settings by name; the record is the one place their order is written. */
        public static final class Builder {
            private int epochs, batchSize, limit, samples;
            private double lr, clipNorm;
            private long seed;

            private Builder() {}

            public Builder epochs(int v) { epochs = v; return this; }
            public Builder batchSize(int v) { batchSize = v; return this; }
            public Builder lr(double v) { lr = v; return this; }
            public Builder clipNorm(double v) { clipNorm = v; return this; }
            public Builder seed(long v) { seed = v; return this; }
            public Builder limit(int v) { limit = v; return this; }
            public Builder samples(int v) { samples = v; return this; }

            public Config build() {
                return new Config(epochs, batchSize, lr, clipNorm, seed, limit, samples);
            }
        }
    }

    /**
     * One epoch's results. Accuracies and shares are fractions in [0, 1]. {@code uniqueness} counts
     * the space's distinct cells, {@code uniquenessOfGraphs} arch2vec's fingerprints of the decoded
     * graphs ({@link Arch2VecMetrics.Samples}; the same on NAS-Bench-101; 0 in metrics files
     * written before it was recorded). {@code validationIdenticalGraph} is identical decoding (as
     * {@code identicalGraph}) on the validation slice carved from the training cells, which {@link
     * KeepRule#BEST} chooses the kept epoch by; 0 when the run has no slice ({@link KeepRule#LAST}).
     */
    public record EpochMetrics(int epoch, double trainLoss, double opAccuracy, double adjacencyAccuracy, double identical, double identicalGraph,
                               double meanEdgeProbability, double meanNonEdgeProbability, double validity, double uniqueness,
                               double validityStdNormal, double uniquenessStdNormal, double seconds, double batchesPerSecond,
                               double uniquenessOfGraphs, double validationIdenticalGraph) {}

    /**
     * The outcome: every epoch's metrics (resumed ones included), the model after the last of them,
     * and the epoch (from 1) that the {@link KeepRule} keeps, whose model is in {@code keptCheckpoint}.
     */
    public record Result(List<EpochMetrics> epochs, boolean resumed, Arch2Vec model, int keptEpoch, Path keptCheckpoint) {
        public EpochMetrics last() { return epochs.get(epochs.size() - 1); }

        /** The kept epoch's metrics. */
        public EpochMetrics kept() { return epochs.get(keptEpoch - 1); }
    }

    private final Config config;
    private final Arch2VecDataset data;
    private final Path outDir;
    private final PrintStream log;
    private Progress progress = Progress.NONE;
    private Arch2Vec.Variant variant = Arch2Vec.Variant.CODE;
    private TrainingRegime regime = TrainingRegime.CODE;
    private NodeFeatures features = NodeFeatures.ARCH2VEC;
    private DecoderInput decoder = DecoderInput.ARCH2VEC;
    private KeepRule keep = KeepRule.LAST;
    private Device device = Device.CPU;
    private Consumer<EpochMetrics> onEpoch = m -> {};

    public Arch2VecTrainer(Config config, Arch2VecDataset data, Path outDir, PrintStream log) {
        this.config = config;
        this.data = data;
        this.outDir = outDir;
        this.log = log;
    }

    /** Reports the batches of each epoch to {@code p}. */
    public Arch2VecTrainer withProgress(Progress p) {
        progress = p;
        return this;
    }

    /** The code's decoder and loss (default) or the paper's ({@link Arch2Vec.Variant}). */
    public Arch2VecTrainer variant(Arch2Vec.Variant v) {
        variant = v;
        return this;
    }

    /** The mode each epoch trains in (default arch2vec's code: evaluation mode from the second epoch; {@link TrainingRegime}). */
    public Arch2VecTrainer regime(TrainingRegime r) {
        regime = r;
        return this;
    }

    /** What the encoder sees of each vertex (default arch2vec's op one-hots; {@link NodeFeatures}). */
    public Arch2VecTrainer features(NodeFeatures f) {
        features = f;
        return this;
    }

    /** What the decoder decodes a vertex from (default arch2vec's z alone; {@link DecoderInput}). */
    public Arch2VecTrainer decoder(DecoderInput d) {
        decoder = d;
        return this;
    }

    /** Which epoch's model the run keeps (default arch2vec's, the last; {@link KeepRule}). */
    public Arch2VecTrainer keep(KeepRule k) {
        keep = k;
        return this;
    }

    /** Trains on {@code d} (default the CPU). */
    public Arch2VecTrainer onDevice(Device d) {
        device = d;
        return this;
    }

    /** Called after every finished epoch (after its checkpoint is written). */
    public Arch2VecTrainer onEpoch(Consumer<EpochMetrics> c) {
        onEpoch = c;
        return this;
    }

    public Result train() throws IOException {
        return train(config.epochs());
    }

    /** Trains (or resumes) up to epoch {@code untilEpoch} (for a run cut into slots; a later call continues). */
    public Result train(int untilEpoch) throws IOException {
        Generator noise = new Generator(config.seed());
        Arch2Vec model = Arch2Vec.standard(data.layout(), new Generator(config.seed()), noise, variant, features, decoder);
        model.to(device); // before the optimiser takes a step, so that its moments are made there too
        Adam adam = new Adam(model.parameters(), config.lr()); // PyTorch's defaults for the rest, as arch2vec
        Arch2VecDataset.Split limited = data.split(config.seed()).limit(config.limit());
        Arch2VecDataset.Split split = limited.carveValidation(keep.validationCells(limited.train().length));
        Map<String, String> settings = Map.of("config", config.toString(), "cells", Integer.toString(data.size()), "variant", variant.toString(),
                "regime", regime.toString(), ENCODER, features.toString(), DECODER, decoder.toString(), LAYOUT, data.layout().name(), KEEP, keep.toString());
        var outcome = new ResumableTraining<>(outDir, "arch2vec", EpochMetrics.class, log).withProgress(progress)
                .settings(settings)
                // all older checkpoints were made on NAS-Bench-101 with the code's variant and arch2vec's encoder, in training mode every
                // epoch, keeping the last
                .settingsOfOlderCheckpoints(Map.of("variant", Arch2Vec.Variant.CODE.toString(), "regime", TrainingRegime.TRAIN.toString(),
                        ENCODER, NodeFeatures.ARCH2VEC.toString(), DECODER, DecoderInput.ARCH2VEC.toString(), LAYOUT, Arch2VecEncoding.LAYOUT.name(),
                        KEEP, KeepRule.LAST.toString()))
                .describedBy(new About(config, data.size(), variant.toString(), regime.toString(), features.toString(), decoder.toString(),
                        keep.toString(), split.validation().length))
                .onEpoch(epochs -> onEpoch.accept(epochs.getLast()))
                .onComplete(epochs -> Map.of(KEPT_EPOCH, keep.keptEpoch(validationScores(epochs))))
                .train(new TrainingState(model, Map.of("", adam), Map.of("noise_offset", noise)), config.epochs(), untilEpoch,
                        index -> epoch(index, model, adam, split, settings));
        model.eval();
        List<EpochMetrics> epochs = outcome.epochs();
        int kept = epochs.isEmpty() ? 0 : keep.keptEpoch(validationScores(epochs));
        return new Result(epochs, outcome.resumed(), model, kept, keep == KeepRule.BEST ? outDir.resolve(BEST) : outDir.resolve(CHECKPOINT));
    }

    private static List<Double> validationScores(List<EpochMetrics> epochs) {
        return epochs.stream().map(EpochMetrics::validationIdenticalGraph).toList();
    }

    /** What the metrics file says about the run. */
    private record About(Config config, int cells, String variant, String regime, String encoder, String decoder, String keep, int validationCells) {}

    /**
     * The checkpoint setting that names the {@link KeepRule}, the file that holds the best epoch's
     * model ({@link KeepRule#BEST}; weights and settings, no optimiser state) and the metrics file's
     * entry that names the kept epoch.
     */
    public static final String KEEP = "keep", BEST = "best.safetensors", KEPT_EPOCH = "kept_epoch";

    /**
     * The checkpoint that holds the model a run keeps, given any checkpoint of the run: the run's
     * {@value #BEST} when it was trained with {@code --keep best}, else {@code checkpoint} itself.
     */
    public static Path kept(Path checkpoint) throws IOException {
        Map<String, String> meta = SafeTensors.read(checkpoint).metadata();
        return KeepRule.of(meta.getOrDefault(KEEP, KeepRule.LAST.toString())) == KeepRule.BEST ? checkpoint.resolveSibling(BEST) : checkpoint;
    }

    /**
     * The checkpoint settings that name the encoder's {@link NodeFeatures}, the {@link DecoderInput}
     * and the {@link GraphLayout} of the space trained on (older checkpoints: NAS-Bench-101's 7x5).
     */
    public static final String ENCODER = "encoder", DECODER = "decoder", LAYOUT = "layout";

    /** A trained model and its checkpoint's metadata (the run's settings, the epochs done). */
    public record Trained(Arch2Vec model, Map<String, String> metadata) {}

    /**
     * A model shaped as the checkpoint's (its layout, variant and encoder, read from the checkpoint's
     * settings), with the checkpoint's weights, in evaluation mode.
     */
    public static Trained load(Path checkpoint) throws IOException {
        Map<String, String> meta = SafeTensors.read(checkpoint).metadata();
        GraphLayout layout = GraphLayout.parse(meta.getOrDefault(LAYOUT, Arch2VecEncoding.LAYOUT.name()));
        Arch2Vec model = Arch2Vec.standard(layout, new Generator(0), new Generator(0), Arch2Vec.Variant.of(meta.getOrDefault("variant", "code")),
                NodeFeatures.of(meta.getOrDefault(ENCODER, NodeFeatures.ARCH2VEC.toString())),
                DecoderInput.of(meta.getOrDefault(DECODER, DecoderInput.ARCH2VEC.toString())));
        Checkpoint.load(checkpoint, model);
        model.eval();
        return new Trained(model, meta);
    }

    /**
     * Epoch {@code index}: batches taken consecutively from the fixed order of the training cells, then the held-out metrics and the samples.
     * {@link ResumableTraining} has put the model in training mode; the regime may take it out again (a resumed run does the same,
     * since the mode depends on the epoch's index only).
     */
    private Epoch<EpochMetrics> epoch(int index, Arch2Vec model, Adam adam, Arch2VecDataset.Split split, Map<String, String> settings) {
        model.train(regime.trainingMode(index));
        long t0 = System.nanoTime();
        int[] train = split.train();
        int batches = (train.length + config.batchSize() - 1) / config.batchSize();
        LatentStats z = new LatentStats(model.layout().nodes(), LATENT);
        return new Epoch<>() {
            private double lossSum;

            @Override
            public int batches() {
                return batches;
            }

            @Override
            public void step(int batch) {
                int from = batch * config.batchSize(), to = Math.min(train.length, from + config.batchSize());
                NDArray[] x = data.batch(train, from, to, device);
                Step s = Arch2VecTrainer.step(model, adam, x[0], x[1], config.clipNorm());
                lossSum += s.loss().item() * (to - from);
                z.add(s.encoding().mu());
            }

            @Override
            public EpochMetrics evaluate() throws IOException {
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                Arch2VecMetrics.Reconstruction rec = reconstruction(model, data, split.heldOut());
                // the sampling noise is a function of (seed, epoch), so that a resumed run draws the same
                Generator sampling = new Generator(config.seed() * 1_000_003L + index + 1);
                Arch2VecMetrics.Samples fitted = samples(model, data.encoding(), sampling, config.samples(), z.mean(), z.std());
                float[] zeros = new float[model.layout().nodes() * LATENT], ones = new float[zeros.length];
                Arrays.fill(ones, 1f);
                Arch2VecMetrics.Samples prior = samples(model, data.encoding(), sampling, config.samples(), zeros, ones);
                double validation = split.validation().length == 0 ? 0 : reconstruction(model, data, split.validation()).identicalGraphShare();
                if (keep == KeepRule.BEST) keepIfBest(index + 1, validation, model, settings);
                return new EpochMetrics(index + 1, lossSum / train.length, rec.opAccuracy(), rec.adjacencyAccuracy(), rec.identicalShare(),
                        rec.identicalGraphShare(), rec.meanEdgeProbability(), rec.meanNonEdgeProbability(), fitted.validity(), fitted.uniqueness(),
                        prior.validity(), prior.uniqueness(), (System.nanoTime() - t0) / 1e9, batches / trainSeconds, fitted.uniquenessOfGraphs(),
                        validation);
            }
        };
    }

    /**
     * Writes the model to {@value #BEST} when epoch {@code epoch}'s validation score beats the one
     * recorded there, so that the file always holds the first epoch of the highest score ({@link
     * KeepRule#keptEpoch}). It is written before the epoch's checkpoint: a run killed in between
     * trains the epoch again, to the same score, and rewrites it. A file from this epoch or a later
     * one is such a leftover and is replaced.
     */
    private void keepIfBest(int epoch, double validation, Arch2Vec model, Map<String, String> settings) throws IOException {
        Path best = outDir.resolve(BEST);
        if (Files.exists(best)) {
            Map<String, String> was = SafeTensors.read(best).metadata();
            boolean earlier = Integer.parseInt(was.get(ResumableTraining.EPOCHS_DONE)) < epoch;
            if (earlier && validation <= Double.parseDouble(was.get(VALIDATION_SCORE))) return;
        }
        Map<String, String> meta = new HashMap<>(settings);
        meta.put(ResumableTraining.EPOCHS_DONE, Integer.toString(epoch));
        meta.put(VALIDATION_SCORE, Double.toString(validation));
        Checkpoint.save(best, model, Map.of(), meta);
    }

    /** {@value #BEST}'s record of its epoch's validation score. */
    private static final String VALIDATION_SCORE = "validation_identical_graph";

    /** What a training step leaves: the loss (not read back) and the encoding (its mu feeds the latent statistics). */
    public record Step(Tensor loss, Arch2Vec.Encoding encoding) {}

    /**
     * One training step on a batch already on the model's device, as arch2vec's
     * {@code pretraining_nasbench101.py} takes it: zero the gradients, encode, sample, decode, the
     * loss, backward, clip the gradients' global norm to {@code clipNorm}, Adam, in the model's
     * current mode ({@link TrainingRegime}). Nothing is read back: clipping keeps the norm on the device.
     */
    public static Step step(Arch2Vec model, Adam adam, NDArray ops, NDArray adjacency, double clipNorm) {
        adam.zeroGrad();
        Arch2Vec.Encoding e = model.encode(Tensor.of(ops), Tensor.of(Arch2Vec.symmetrise(adjacency)));
        Arch2Vec.Reconstruction r = model.decode(model.sample(e));
        Tensor loss = model.loss(r, e, ops, adjacency);
        loss.backward();
        GradClip.clipGradNorm(model.parameters(), clipNorm);
        adam.step();
        return new Step(loss, e);
    }

    /** The reconstruction metrics of {@code indices} in evaluation mode (z = mu, no dropout), in chunks of 500, on the model's device. */
    public static Arch2VecMetrics.Reconstruction reconstruction(Arch2Vec model, Arch2VecDataset data, int[] indices) {
        model.eval();
        Arch2VecMetrics.Reconstruction rec = new Arch2VecMetrics.Reconstruction(data.layout());
        try (var scope = Autograd.noGrad()) {
            for (int from = 0; from < indices.length; from += EVAL_CHUNK) {
                int to = Math.min(indices.length, from + EVAL_CHUNK);
                NDArray[] x = data.batch(indices, from, to, model.device());
                Arch2Vec.Encoding e = model.encode(Tensor.of(x[0]), Tensor.of(Arch2Vec.symmetrise(x[1])));
                Arch2Vec.Reconstruction r = model.decode(model.sample(e));
                rec.add(r.ops().toFloatArray(), r.adjacency().toFloatArray(), x[0].toFloatArray(), x[1].toFloatArray(), to - from);
            }
        }
        return rec;
    }

    /**
     * Decodes {@code count} latents {@code z = randn(N,16) * std + mean} in evaluation mode, on the
     * model's device, and judges them by {@code encoding}'s rule (the space the model was trained on).
     */
    public static Arch2VecMetrics.Samples samples(Arch2Vec model, GraphEncoding<?> encoding, Generator gen, int count, float[] mean, float[] std) {
        if (!model.layout().equals(encoding.layout()))
            throw new IllegalArgumentException("a model of " + model.layout() + " cannot be judged by an encoding of " + encoding.layout());
        if (count <= 0) return new Arch2VecMetrics.Samples(0, 0, 0, 0);
        model.eval();
        int nodes = model.layout().nodes();
        try (var scope = Autograd.noGrad()) {
            Device d = model.device();
            NDArray eps = NDArray.random(gen, true, DType.FLOAT32, d, count, nodes, LATENT);
            NDArray z = eps.mul(NDArray.of(std, nodes, LATENT).to(d)).add(NDArray.of(mean, nodes, LATENT).to(d));
            Arch2Vec.Reconstruction r = model.decode(Tensor.of(z));
            return Arch2VecMetrics.samples(encoding, r.ops().toFloatArray(), r.adjacency().toFloatArray(), count);
        }
    }

    static List<EpochMetrics> readHistory(Path dir) throws IOException {
        return MetricsFile.epochs(dir, EpochMetrics.class);
    }
}
