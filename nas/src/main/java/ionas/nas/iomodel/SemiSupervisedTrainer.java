package ionas.nas.iomodel;

import static ionas.nas.arch2vec.Arch2Vec.LATENT;

import ionas.nas.Progress;
import ionas.nas.arch2vec.Arch2Vec;
import ionas.nas.arch2vec.Arch2VecDataset;
import ionas.nas.arch2vec.Arch2VecMetrics;
import ionas.nas.arch2vec.Arch2VecTrainer;
import ionas.nas.arch2vec.LatentStats;
import ionas.nas.iodata.IoDataset;
import ionas.nas.iodata.IoManifest;
import ionas.nas.iodata.IoSet;
import ionas.nas.iodata.LabeledBatch;
import ionas.nas.random.NumpyRandomState;
import ionas.nas.training.Epoch;
import ionas.nas.training.MetricsFile;
import ionas.nas.training.ResumableTraining;
import ionas.nas.training.TrainingState;
import ionas.nas.space.GraphLayout;
import ionas.nn.Module;
import ionas.nn.Parameter;
import ionas.nn.io.Checkpoint;
import ionas.nn.optim.Adam;
import ionas.nn.optim.GradClip;
import ionas.nn.optim.Optimizer;
import ionas.tensor.Device;
import ionas.tensor.Generator;
import ionas.tensor.NDArray;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Semi-supervised training of the {@link IoModel} (paper section 3.3, spec A.4).
 *
 * <p>Two streams of batches of 32, interleaved by {@link BatchSchedule}: labeled examples
 * (network, image, target) of the IO dataset's training set, reshuffled every epoch, and
 * unlabeled cells of arch2vec's training split in arch2vec's fixed order, without the labeled
 * networks (info-NAS removes them). An unlabeled batch is arch2vec's step with an Adam over the
 * VAE's weights; a labeled batch minimises the VAE loss plus the L1 loss of the predicted targets
 * with a second Adam over all weights (the two Adams keep separate state for the shared VAE).
 * Gradients are clipped to norm 5. A plain arch2vec (the reference) is trained on the graphs of
 * the same batches with its own Adam.
 *
 * <p>After every epoch: the labeled loss on each of the five sets with its bootstrapped 95%
 * interval and the mean-vector baseline, reconstruction on held-out cells and validity/uniqueness
 * of decoder samples for both VAEs. Files in the output folder: {@code checkpoint.safetensors}
 * (both models, the three Adams, the noise offsets; rewritten atomically after every epoch),
 * {@code epochs/epoch-EEE.safetensors} (the VAE and graph branch of the model, and the reference,
 * after each epoch, for embeddings), and {@code metrics.json}. A killed run resumes after its last
 * finished epoch and ends as an uninterrupted one would ({@link ResumableTraining} is the loop).
 *
 * <p>{@link #onDevice} trains elsewhere than on the CPU: both models, every batch, the evaluation
 * and the sampling noise live there; metrics are read back to the host. Checkpoints and snapshots
 * do not depend on the device, so a run may resume on another one.
 */
public final class SemiSupervisedTrainer {
    public static final String CHECKPOINT = ResumableTraining.CHECKPOINT, METRICS = MetricsFile.NAME, EPOCHS = "epochs";
    /** The checkpoint's record of {@link SemiSupervisedConfig#seed}. */
    private static final String SEED = "seed";

    /** Both trained models under one root, so that one checkpoint holds them ({@code io.*}, {@code ref.*}). */
    static final class Models extends Module {
        final IoModel io;
        final Arch2Vec ref;

        Models(IoModel io, Arch2Vec ref) {
            this.io = module("io", io);
            this.ref = ref == null ? null : module("ref", ref);
        }
    }

    /** The outcome: every epoch's metrics (resumed ones included) and the trained models. */
    public record Result(List<IoEpochMetrics> epochs, IoModel model, Arch2Vec reference) {
        public IoEpochMetrics last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    private final SemiSupervisedConfig config;
    private final IoDataset labeled;
    private final Arch2VecDataset cells;
    private final ToIntFunction<String> indexOfHash;
    private final Path outDir;
    private final PrintStream log;
    private Consumer<List<IoEpochMetrics>> onEpoch = h -> {};
    private Progress progress = Progress.NONE;
    private Device device = Device.CPU;

    /**
     * @param cells every cell of the labeled networks' space (the unlabeled data)
     * @param indexOfHash a cell's index in {@code cells}, by its key
     * @throws IllegalArgumentException when the labeled networks' graphs and the cells' differ in layout (another space)
     */
    public SemiSupervisedTrainer(SemiSupervisedConfig config, IoDataset labeled, Arch2VecDataset cells, ToIntFunction<String> indexOfHash,
                                 Path outDir, PrintStream log) {
        if (!labeled.graphLayout().equals(cells.layout()))
            throw new IllegalArgumentException("the IO dataset's networks are " + labeled.space().name() + " cells (graphs of "
                    + labeled.graphLayout() + "), the unlabeled cells are graphs of " + cells.layout() + ": train on the same space");
        this.config = config;
        this.labeled = labeled;
        this.cells = cells;
        this.indexOfHash = indexOfHash;
        this.outDir = outDir;
        this.log = log;
    }

    /** Called with the whole history after every finished epoch (after its files are written), e.g. to draw plots. */
    public SemiSupervisedTrainer onEpoch(Consumer<List<IoEpochMetrics>> c) {
        onEpoch = c;
        return this;
    }

    /** Trains on {@code d} (default the CPU). */
    public SemiSupervisedTrainer onDevice(Device d) {
        device = d;
        return this;
    }

    /** Reports the batches of each epoch to {@code p}. */
    public SemiSupervisedTrainer withProgress(Progress p) {
        progress = p;
        return this;
    }

    /** The unlabeled training and held-out cell indices: arch2vec's split without the labeled networks, limited as configured. */
    Arch2VecDataset.Split unlabeledSplit() {
        Set<Integer> labeledCells = new HashSet<>();
        for (IoManifest.Network n : labeled.manifest().networks()) {
            int i = indexOfHash.applyAsInt(n.key());
            if (i < 0) throw new IllegalArgumentException("labeled network " + n.key() + " is not in the enumerated space");
            labeledCells.add(i);
        }
        Arch2VecDataset.Split s = cells.split(config.seed());
        int[] train = Arrays.stream(s.train()).filter(i -> !labeledCells.contains(i)).toArray();
        int[] held = Arrays.stream(s.heldOut()).filter(i -> !labeledCells.contains(i)).toArray();
        if (config.unlabeledCells() > 0) train = Arrays.copyOf(train, Math.min(train.length, config.unlabeledCells()));
        if (config.heldOutCells() > 0) held = Arrays.copyOf(held, Math.min(held.length, config.heldOutCells()));
        return new Arch2VecDataset.Split(train, held);
    }

    public Result train() throws IOException {
        return train(config.epochs());
    }

    /** Trains (or resumes) up to epoch {@code untilEpoch}. */
    public Result train(int untilEpoch) throws IOException {
        Files.createDirectories(outDir.resolve(EPOCHS));
        // one generator for the initial weights of both models, the extended one's first, as torch.manual_seed would give
        Generator init = new Generator(config.seed()), noise = new Generator(config.seed()), refNoise = new Generator(config.seed() + 1);
        IoModel.Config sizes = config.model().withTargetSize(labeled.targetSize()); // the preset's target size is a placeholder
        GraphLayout layout = cells.layout();
        IoModel model = new IoModel(sizes, layout, init, noise);
        Arch2Vec ref = config.reference() ? Arch2Vec.standard(layout, init, refNoise) : null;
        Models models = new Models(model, ref);
        models.to(device); // before the optimisers take a step, so that their moments are made there too
        Adams adams = new Adams(adam(model.vae().parameters()), adam(model.parameters()), ref == null ? null : adam(ref.parameters()));
        Plan plan = plan();
        int networks = labeled.manifest().networks().size();
        var outcome = new ResumableTraining<>(outDir, "io-model", IoEpochMetrics.class, log).withProgress(progress)
                // the seed is in the config too; on its own it names the reason when runs of several seeds share a parent folder
                .settings(Map.of("config", config + " on " + networks + " networks", SEED, Long.toString(config.seed())))
                .settingsOfOlderCheckpoints(Map.of(SEED, Long.toString(SemiSupervisedConfig.PAPER.seed()))) // every preset's, before --seed
                .describedBy(new About(config.toBuilder().model(sizes).build(), networks))
                .beforeFirstEpoch(() -> describe(plan, model))
                .onEpoch(onEpoch)
                .train(new TrainingState(models, adams.byName(), Map.of("noise_offset", noise, "ref_noise_offset", refNoise)), config.epochs(),
                        untilEpoch, index -> epoch(index, models, adams, plan));
        models.eval();
        return new Result(outcome.epochs(), model, ref);
    }

    /** What the metrics file says about the run. */
    private record About(SemiSupervisedConfig config, int networks) {}

    /** The three Adams: over the VAE's weights (unlabeled steps), over all the model's (labeled steps), over the reference's (or null). */
    private record Adams(Adam vae, Adam io, Adam ref) {
        /** By the names their states have in the checkpoint, in that order. */
        Map<String, Optimizer> byName() {
            Map<String, Optimizer> out = new LinkedHashMap<>();
            out.put("vae", vae);
            out.put("io", io);
            if (ref != null) out.put("ref", ref);
            return out;
        }
    }

    /**
     * An epoch's work, the same every epoch: the unlabeled cells, the number of labeled training
     * examples, both streams' batch counts, the blocks they are interleaved in, and the labeled sets
     * evaluated after every epoch.
     *
     * @param order per batch of an epoch: labeled (true) or unlabeled
     */
    private record Plan(Arch2VecDataset.Split unlabeled, int labeledExamples, int labeledBatches, int unlabeledBatches, int unlabeledPerBlock,
                        boolean[] order, List<LabeledEvaluation> evaluations) {}

    /** One line on the work of an epoch, before the first this call trains. */
    private void describe(Plan plan, IoModel model) {
        log.printf(Locale.ROOT, "io-model: %d labeled examples (%d batches) and %d unlabeled cells (%d batches) an epoch, in blocks of %d + %d; "
                + "targets of %d values; %,d parameters%n", plan.labeledExamples(), plan.labeledBatches(), plan.unlabeled().train().length,
                plan.unlabeledBatches(), config.labeledBlock(), plan.unlabeledPerBlock(), labeled.targetSize(), model.parameterCount());
    }

    private Plan plan() {
        Arch2VecDataset.Split unl = unlabeledSplit();
        long trainExamples = labeled.size(IoSet.TRAIN);
        if (trainExamples > Integer.MAX_VALUE) throw new IllegalArgumentException("too many labeled examples: " + trainExamples);
        int bs = config.batchSize();
        int labeledBatches = (int) ((trainExamples + bs - 1) / bs), unlabeledBatches = (unl.train().length + bs - 1) / bs;
        int perBlock = config.unlabeledBlock() > 0 ? config.unlabeledBlock()
                : BatchSchedule.unlabeledPerBlock(config.coefK(), unlabeledBatches, labeled.networks(IoSet.TRAIN).length, bs);
        boolean[] order = BatchSchedule.order(labeledBatches, unlabeledBatches, config.labeledBlock(), perBlock);
        List<LabeledEvaluation> evaluations = new ArrayList<>();
        for (IoSet s : IoSet.values())
            if (labeled.size(s) > 0) evaluations.add(new LabeledEvaluation(labeled, s, config.evalExamples(), config.seed() + s.ordinal()));
        return new Plan(unl, (int) trainExamples, labeledBatches, unlabeledBatches, perBlock, order, evaluations);
    }

    /**
     * Epoch {@code index}: the labeled and unlabeled batches in the plan's order, the reference
     * trained on the graphs of each, then the labeled loss of every set and the metrics of both VAEs.
     */
    private Epoch<IoEpochMetrics> epoch(int index, Models models, Adams adams, Plan plan) {
        long t0 = System.nanoTime();
        IoModel model = models.io;
        Arch2Vec ref = models.ref;
        int bs = config.batchSize(), trainExamples = plan.labeledExamples();
        int[] unlabeled = plan.unlabeled().train();
        long[] examples = Arrays.stream(new NumpyRandomState(config.seed() * 1000 + index).permutation(trainExamples)).asLongStream().toArray();
        int nodes = cells.layout().nodes();
        LatentStats zModel = new LatentStats(nodes, LATENT), zRef = new LatentStats(nodes, LATENT);
        return new Epoch<>() {
            private double l1Sum, labLossSum, unlLossSum, refLossSum;
            private int lab, unlab;

            @Override
            public int batches() {
                return plan.order().length;
            }

            @Override
            public void step(int batch) {
                NDArray ops, adj;
                if (plan.order()[batch]) {
                    int from = lab * bs, to = Math.min(trainExamples, from + bs);
                    LabeledBatch b = labeled.batch(IoSet.TRAIN, examples, from, to).to(device);
                    ops = b.ops();
                    adj = b.adjacency();
                    IoModel.Loss loss = labeledStep(model, adams.io(), b, zModel);
                    l1Sum += loss.l1().item() * (to - from);
                    labLossSum += loss.total().item() * (to - from);
                    lab++;
                } else {
                    int from = unlab * bs, to = Math.min(unlabeled.length, from + bs);
                    NDArray[] x = cells.batch(unlabeled, from, to, device);
                    ops = x[0];
                    adj = x[1];
                    unlLossSum += arch2vecStep(model.vae(), adams.vae(), ops, adj, zModel) * (to - from);
                    unlab++;
                }
                if (ref != null) refLossSum += arch2vecStep(ref, adams.ref(), ops, adj, zRef) * ops.size(0);
            }

            @Override
            public IoEpochMetrics evaluate() throws IOException {
                long labSeen = trainExamples, unlSeen = unlabeled.length;
                List<IoEpochMetrics.SetLoss> sets = new ArrayList<>();
                for (LabeledEvaluation ev : plan.evaluations()) sets.add(setLoss(ev, model, index));
                // the sampling noise is a function of (seed, epoch), so that a resumed run draws the same
                Generator sampling = new Generator(config.seed() * 1_000_003L + index + 1);
                int[] heldOut = plan.unlabeled().heldOut();
                IoEpochMetrics.VaeMetrics mModel = vaeMetrics(model.vae(), heldOut, zModel, sampling);
                IoEpochMetrics.VaeMetrics mRef = ref == null ? IoEpochMetrics.VaeMetrics.NONE : vaeMetrics(ref, heldOut, zRef, sampling);
                // the weights after every epoch, for the embeddings of any epoch (IoEmbeddings)
                Checkpoint.save(IoEmbeddings.snapshot(outDir, index + 1), models, Map.of(), Map.of("epoch", Integer.toString(index + 1)));
                return new IoEpochMetrics(index + 1, l1Sum / labSeen, labLossSum / labSeen, unlSeen == 0 ? Double.NaN : unlLossSum / unlSeen,
                        ref == null ? Double.NaN : refLossSum / (labSeen + unlSeen), lab, unlab, sets, mModel, mRef, (System.nanoTime() - t0) / 1e9);
            }
        };
    }

    /** One labeled step: the VAE loss plus the L1 loss of the predicted targets, clipped, with the Adam over all weights. */
    private IoModel.Loss labeledStep(IoModel model, Adam adam, LabeledBatch batch, LatentStats z) {
        adam.zeroGrad();
        IoModel.Output out = model.forward(batch.ops(), batch.adjacency(), batch.images());
        IoModel.Loss loss = model.loss(out, batch.ops(), batch.adjacency(), batch.targets(), config.vaeWeight());
        loss.total().backward();
        GradClip.clipGradNorm(model.parameters(), config.clipNorm());
        adam.step();
        z.add(out.encoding().mu());
        return loss;
    }

    /** The model's and the baseline's loss on one set, with bootstrap intervals drawn from a seed of (run, epoch, set). */
    private IoEpochMetrics.SetLoss setLoss(LabeledEvaluation ev, IoModel model, int epoch) {
        long seed = config.seed() * 100_003L + epoch * 31L + ev.set().ordinal();
        return new IoEpochMetrics.SetLoss(ev.set().key(), ev.size(), Bootstrap.mean95(ev.losses(model, labeled), config.resamples(), seed),
                Bootstrap.mean95(ev.baselineLosses(), config.resamples(), seed));
    }

    /** arch2vec's training step (spec 3.6) on one batch of graphs; returns the loss and records the node means. */
    private double arch2vecStep(Arch2Vec vae, Adam adam, NDArray ops, NDArray adj, LatentStats z) {
        Arch2VecTrainer.Step s = Arch2VecTrainer.step(vae, adam, ops, adj, config.clipNorm());
        z.add(s.encoding().mu());
        return s.loss().item();
    }

    /** Adam as info-NAS makes it: the configured learning rate, PyTorch's defaults for the rest. */
    private Adam adam(List<Parameter> params) {
        return new Adam(params, config.lr());
    }

    private IoEpochMetrics.VaeMetrics vaeMetrics(Arch2Vec vae, int[] heldOut, LatentStats z, Generator sampling) {
        Arch2VecMetrics.Reconstruction rec = Arch2VecTrainer.reconstruction(vae, cells, heldOut);
        Arch2VecMetrics.Samples s = Arch2VecTrainer.samples(vae, cells.encoding(), sampling, config.samples(), z.mean(), z.std());
        return new IoEpochMetrics.VaeMetrics(rec.opAccuracy(), rec.adjacencyAccuracy(), rec.identicalShare(), s.validity(), s.uniqueness());
    }

    /** One line per epoch for the log. */
    public static String summary(IoEpochMetrics m) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "io-model epoch %d: train L1 %.4f", m.epoch(), m.trainLabeledL1()));
        for (IoEpochMetrics.SetLoss s : m.sets())
            sb.append(String.format(Locale.ROOT, "  %s %.4f (baseline %.4f)", s.set(), s.loss().mean(), s.baseline().mean()));
        sb.append(String.format(Locale.ROOT, "  ops %.3f adj %.3f valid %.3f unique %.3f", m.model().opAccuracy(), m.model().adjacencyAccuracy(),
                m.model().validity(), m.model().uniqueness()));
        if (!Double.isNaN(m.reference().opAccuracy()))
            sb.append(String.format(Locale.ROOT, " | reference ops %.3f adj %.3f valid %.3f unique %.3f", m.reference().opAccuracy(),
                    m.reference().adjacencyAccuracy(), m.reference().validity(), m.reference().uniqueness()));
        return sb.append(String.format(Locale.ROOT, "  (%.0f s)", m.seconds())).toString();
    }

    /** The epochs recorded in {@code dir/metrics.json} (empty when there is none). */
    public static List<IoEpochMetrics> readHistory(Path dir) throws IOException {
        return MetricsFile.epochs(dir, IoEpochMetrics.class);
    }
}
