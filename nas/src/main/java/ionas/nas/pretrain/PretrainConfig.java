package ionas.nas.pretrain;

import ionas.nas.space.NetworkShape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How networks are pretrained on CIFAR-10. {@link #PAPER} is info-NAS's setting (spec 2.3):
 * 12 epochs, batch 128, SGD lr 0.025 with cosine annealing to 0 (stepped after each epoch),
 * momentum 0.9, weight decay 1e-4, gradient clipping at norm 5, the paper's 128-channel network,
 * 49,000 training and 1,000 validation images. The smaller presets state only what differs from
 * the one they are derived from. The record's text is what a checkpoint records, so its fields
 * and their order stay as they are.
 *
 * @param trainImages how many of the split's training images to use (0 = all), for quick runs
 * @param testImages how many of the 10,000 test images the final test accuracy uses (0 = all)
 * @param augmentValidation NASBench-PyTorch's quirk: its validation loader applies the training
 *     augmentation ({@code no_valid_transform=False}); true follows the code
 */
public record PretrainConfig(int epochs, int batchSize, double lr, double momentum, double weightDecay, double clipNorm,
                             int stemChannels, int stacks, int cellsPerStack, long seed, int trainImages,
                             int testImages, boolean augmentValidation) {
    public PretrainConfig {
        if (epochs <= 0 || batchSize <= 0) throw new IllegalArgumentException("epochs and batch size must be positive");
        if (stemChannels <= 0 || stacks <= 0 || cellsPerStack <= 0)
            throw new IllegalArgumentException("stem channels, stacks and cells per stack must be positive");
        if (trainImages < 0 || testImages < 0) throw new IllegalArgumentException("image counts must be >= 0 (0 = all)");
    }

    /** info-NAS's pretraining, for a GPU. */
    public static final PretrainConfig PAPER = new Builder().epochs(12).batchSize(128).lr(0.025).momentum(0.9).weightDecay(1e-4).clipNorm(5)
            .stemChannels(128).stacks(3).cellsPerStack(3).seed(1).trainImages(0).testImages(0).augmentValidation(true).build();

    /** Measured on a 2-core CPU (see docs/pretraining.md): about 10 minutes a network, well above chance. */
    public static final PretrainConfig SMALL = PAPER.toBuilder().epochs(6).batchSize(64).stemChannels(16).cellsPerStack(1).build();

    /**
     * Small's network for one epoch: 40-120 s a network on 2 cores, as the cell's width decides; 42-56%
     * test accuracy on the default reproduction's cells, where 25,000 images gave 37-46% (docs/pretraining.md).
     */
    public static final PretrainConfig QUICK = SMALL.toBuilder().epochs(1).build();

    /** Seconds, for CI: a narrower, shallower network on 1,024 images, tested on 500. */
    public static final PretrainConfig TINY = QUICK.toBuilder().stemChannels(8).stacks(2).trainImages(1024).testImages(500).build();

    private static final Map<String, PretrainConfig> BY_NAME = presets();

    /** The names {@link #preset} takes, largest first. */
    public static final List<String> PRESETS = List.copyOf(BY_NAME.keySet());

    private static Map<String, PretrainConfig> presets() {
        Map<String, PretrainConfig> byName = new LinkedHashMap<>();
        byName.put("paper", PAPER);
        byName.put("small", SMALL);
        byName.put("quick", QUICK);
        byName.put("tiny", TINY);
        return byName;
    }

    /**
     * The presets of {@code ionas pretrain --preset}: paper (GPU), small (a CPU afternoon), quick (half
     * a minute a network on a CPU, well above chance), tiny (seconds, for CI).
     */
    public static PretrainConfig preset(String name) {
        PretrainConfig c = BY_NAME.get(name);
        if (c == null) throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", PRESETS));
        return c;
    }

    /** The network's size: its stem, stacks and cells per stack. */
    public NetworkShape shape() {
        return new NetworkShape(stemChannels, stacks, cellsPerStack);
    }

    public PretrainConfig withEpochs(int e) {
        return toBuilder().epochs(e).build();
    }

    /** These settings, to change some by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings by name; {@link #build} checks them. */
    public static final class Builder {
        private int epochs, batchSize, stemChannels, stacks, cellsPerStack, trainImages, testImages;
        private double lr, momentum, weightDecay, clipNorm;
        private long seed;
        private boolean augmentValidation;

        private Builder() {}

        private Builder(PretrainConfig c) {
            epochs = c.epochs;
            batchSize = c.batchSize;
            lr = c.lr;
            momentum = c.momentum;
            weightDecay = c.weightDecay;
            clipNorm = c.clipNorm;
            stemChannels = c.stemChannels;
            stacks = c.stacks;
            cellsPerStack = c.cellsPerStack;
            seed = c.seed;
            trainImages = c.trainImages;
            testImages = c.testImages;
            augmentValidation = c.augmentValidation;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder stemChannels(int v) { stemChannels = v; return this; }
        public Builder stacks(int v) { stacks = v; return this; }
        public Builder cellsPerStack(int v) { cellsPerStack = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder trainImages(int v) { trainImages = v; return this; }
        public Builder testImages(int v) { testImages = v; return this; }
        public Builder augmentValidation(boolean v) { augmentValidation = v; return this; }

        public PretrainConfig build() {
            return new PretrainConfig(epochs, batchSize, lr, momentum, weightDecay, clipNorm, stemChannels, stacks, cellsPerStack, seed,
                    trainImages, testImages, augmentValidation);
        }
    }
}
