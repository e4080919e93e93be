package ionas.nas.pretrain;

import java.util.List;

/**
 * How networks are pretrained on CIFAR-10. {@link #paper()} is info-NAS's setting (spec 2.3):
 * 12 epochs, batch 128, SGD lr 0.025 with cosine annealing to 0 (stepped after each epoch),
 * momentum 0.9, weight decay 1e-4, gradient clipping at norm 5, the paper's 128-channel network,
 * 49,000 training and 1,000 validation images.
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

    /** The names {@link #preset} takes, largest first. */
    public static final List<String> PRESETS = List.of("paper", "small", "quick", "tiny");

    /**
     * The presets of {@code ionas pretrain --preset}: paper (GPU), small (a CPU afternoon), quick (half
     * a minute a network on a CPU, well above chance), tiny (seconds, for CI).
     */
    public static PretrainConfig preset(String name) {
        return switch (name) {
            case "paper" -> paper();
            // measured on a 2-core CPU (see docs/pretraining.md): about 10 minutes a network, well above chance
            case "small" -> new PretrainConfig(6, 64, 0.025, 0.9, 1e-4, 5, 16, 3, 1, 1, 0, 0, true);
            // small's network for one epoch: 40-120 s a network on 2 cores, as the cell's width decides; 42-56%
            // test accuracy on the default reproduction's cells, where 25,000 images gave 37-46% (docs/pretraining.md)
            case "quick" -> new PretrainConfig(1, 64, 0.025, 0.9, 1e-4, 5, 16, 3, 1, 1, 0, 0, true);
            case "tiny" -> new PretrainConfig(1, 64, 0.025, 0.9, 1e-4, 5, 8, 2, 1, 1, 1024, 500, true);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", PRESETS));
        };
    }

    public static PretrainConfig paper() {
        return new PretrainConfig(12, 128, 0.025, 0.9, 1e-4, 5, 128, 3, 3, 1, 0, 0, true);
    }

    public PretrainConfig withEpochs(int e) {
        return new PretrainConfig(e, batchSize, lr, momentum, weightDecay, clipNorm, stemChannels, stacks, cellsPerStack, seed, trainImages, testImages, augmentValidation);
    }

    public PretrainConfig withNetwork(int stem, int stacks, int cells) {
        return new PretrainConfig(epochs, batchSize, lr, momentum, weightDecay, clipNorm, stem, stacks, cells, seed, trainImages, testImages, augmentValidation);
    }

    public PretrainConfig withSeed(long s) {
        return new PretrainConfig(epochs, batchSize, lr, momentum, weightDecay, clipNorm, stemChannels, stacks, cellsPerStack, s, trainImages, testImages, augmentValidation);
    }

    public PretrainConfig withData(int batch, int trainImages) {
        return new PretrainConfig(epochs, batch, lr, momentum, weightDecay, clipNorm, stemChannels, stacks, cellsPerStack, seed, trainImages, testImages, augmentValidation);
    }
}
