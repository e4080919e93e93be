package ionas.nas.iomodel;

import ionas.nas.iodata.TargetTransform;
import java.util.List;

/**
 * Settings of semi-supervised training (paper section 3.3 and Table 3, spec A.4).
 *
 * @param epochs the paper trains 30
 * @param batchSize 32 for labeled and unlabeled batches
 * @param lr Adam's learning rate for both optimisers (1e-3; the rest are {@link ionas.nn.optim.Adam}'s defaults)
 * @param clipNorm global gradient norm limit (5)
 * @param vaeWeight weight of the VAE loss in the labeled loss (1)
 * @param labeledBlock labeled batches per block (300)
 * @param coefK info-NAS's factor for the unlabeled block length (0.33, giving about 200)
 * @param unlabeledBlock unlabeled batches per block; 0 = computed from {@code coefK} as info-NAS does
 * @param unlabeledCells how many of arch2vec's (permuted) training cells the unlabeled stream uses; 0 = all
 * @param heldOutCells how many held-out cells the reconstruction metrics use; 0 = all
 * @param samples decoder samples for validity and uniqueness (10,000)
 * @param evalExamples examples per labeled set in the per-epoch evaluation (a fixed random subset); 0 = all
 * @param resamples bootstrap resamples of the 95% intervals (1,000)
 * @param reference also train a plain arch2vec on the same graph batches, for comparison
 * @param model the IO model's sizes (its target size is set from the dataset)
 * @param targets the target transform
 */
public record SemiSupervisedConfig(int epochs, int batchSize, double lr, double clipNorm, double vaeWeight, int labeledBlock, double coefK,
                                   int unlabeledBlock, int unlabeledCells, int heldOutCells, int samples, int evalExamples, int resamples,
                                   boolean reference, long seed, IoModel.Config model, TargetTransform.Options targets) {
    public SemiSupervisedConfig {
        if (epochs <= 0 || batchSize <= 0 || labeledBlock <= 0) throw new IllegalArgumentException("epochs, batch size and block must be positive");
        if (unlabeledBlock < 0 || unlabeledCells < 0 || heldOutCells < 0 || samples < 0 || evalExamples < 0 || resamples < 0)
            throw new IllegalArgumentException("counts must be >= 0 (0 = all / computed)");
    }

    /** The names {@link #preset} takes, largest first. */
    public static final List<String> PRESETS = List.of("paper", "small", "quick", "tiny");

    /** The presets of {@code ionas io-model train --preset}. */
    public static SemiSupervisedConfig preset(String name) {
        return switch (name) {
            case "paper" -> new SemiSupervisedConfig(30, 32, 1e-3, 5, 1, 300, 0.33, 0, 0, 0, 10_000, 10_000, 1000, true, 1,
                    IoModel.Config.paper(513), TargetTransform.Options.paper());
            // a CPU-sized run: a narrower image branch and head, 40,000 unlabeled cells, blocks of 50
            case "small" -> new SemiSupervisedConfig(10, 32, 1e-3, 5, 1, 50, 0.33, 0, 40_000, 4_000, 2_000, 4_000, 1000, true, 1,
                    new IoModel.Config(16, 2, 2, 128, 2, 0.5, 16, 513), TargetTransform.Options.paper());
            // small's model for 3 epochs on 10,000 unlabeled cells: below the baseline on unseen images from epoch 1
            case "quick" -> new SemiSupervisedConfig(3, 32, 1e-3, 5, 1, 50, 0.33, 0, 10_000, 4_000, 2_000, 4_000, 1000, true, 1,
                    new IoModel.Config(16, 2, 2, 128, 2, 0.5, 16, 513), TargetTransform.Options.paper());
            // seconds: for tests and the tiny reproduction
            case "tiny" -> new SemiSupervisedConfig(2, 32, 1e-3, 5, 1, 10, 0.33, 0, 1_000, 500, 200, 500, 200, true, 1,
                    new IoModel.Config(4, 2, 1, 32, 1, 0.5, 16, 513), TargetTransform.Options.paper());
            default -> throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", PRESETS));
        };
    }

    public SemiSupervisedConfig withEpochs(int e) {
        return new SemiSupervisedConfig(e, batchSize, lr, clipNorm, vaeWeight, labeledBlock, coefK, unlabeledBlock, unlabeledCells, heldOutCells,
                samples, evalExamples, resamples, reference, seed, model, targets);
    }

    public SemiSupervisedConfig withModel(IoModel.Config m) {
        return new SemiSupervisedConfig(epochs, batchSize, lr, clipNorm, vaeWeight, labeledBlock, coefK, unlabeledBlock, unlabeledCells, heldOutCells,
                samples, evalExamples, resamples, reference, seed, m, targets);
    }

    public SemiSupervisedConfig withTargets(TargetTransform.Options t) {
        return new SemiSupervisedConfig(epochs, batchSize, lr, clipNorm, vaeWeight, labeledBlock, coefK, unlabeledBlock, unlabeledCells, heldOutCells,
                samples, evalExamples, resamples, reference, seed, model, t);
    }

    public SemiSupervisedConfig withData(int unlabeledCells, int heldOutCells, int evalExamples, int samples) {
        return new SemiSupervisedConfig(epochs, batchSize, lr, clipNorm, vaeWeight, labeledBlock, coefK, unlabeledBlock, unlabeledCells, heldOutCells,
                samples, evalExamples, resamples, reference, seed, model, targets);
    }

    public SemiSupervisedConfig withBlocks(int labeled, int unlabeled) {
        return new SemiSupervisedConfig(epochs, batchSize, lr, clipNorm, vaeWeight, labeled, coefK, unlabeled, unlabeledCells, heldOutCells,
                samples, evalExamples, resamples, reference, seed, model, targets);
    }
}
