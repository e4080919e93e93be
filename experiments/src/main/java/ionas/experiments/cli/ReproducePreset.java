package ionas.experiments.cli;

import ionas.experiments.report.Setting;
import java.util.List;

/**
 * The sizes of a whole reproduction ({@code ionas reproduce --preset}). {@code paper} is the paper's
 * run (a GPU job: 685 networks of 12 epochs, 30 epochs of the extended model); {@code small} is a
 * CPU afternoon with the same steps at reduced sizes; {@code quick}, the default, shows the paper's
 * effects in under ten minutes on two cores (networks well above chance, the extended model below
 * the mean-vector baseline on unseen images, REINFORCE ahead of random search, a random forest that
 * ranks cells); {@code tiny} checks the pipeline in about a minute and is what the tests run.
 *
 * @param pretrain the {@code pretrain --preset}
 * @param trainNetworks labeled networks from arch2vec's training split (paper: 608)
 * @param validationNetworks unseen networks from its held-out split (paper: 77)
 * @param seenImages held-out CIFAR-10 training images each network is run on (paper: 1,000)
 * @param unseenImages CIFAR-10 test images (paper: 2,000)
 * @param arch2vecEpochs arch2vec's own pre-training (8)
 * @param arch2vecLimit cells of each split arch2vec trains and is judged on (0 = all)
 * @param samples decoder samples for validity and uniqueness (10,000)
 * @param ioModel the {@code io-model train --preset}
 * @param embedEpochs after which epochs of the extended model the space is embedded (paper: 10 and 30)
 * @param searchRuns seeds per search (paper: 500)
 * @param algorithms searches run on every embedding
 * @param predictSizes training-set sizes of the performance prediction
 * @param predictSeeds seeds per size (paper: 10)
 */
record ReproducePreset(String name, String pretrain, int trainNetworks, int validationNetworks, int seenImages, int unseenImages,
                       int arch2vecEpochs, int arch2vecLimit, int samples, String ioModel, List<Integer> embedEpochs, int searchRuns,
                       List<String> algorithms, List<Integer> predictSizes, int predictSeeds) {
    /** The names {@link #of} takes, largest first. */
    static final List<String> NAMES = List.of("paper", "small", "quick", "tiny");

    /** The preset {@code ionas reproduce} runs without {@code --preset}. */
    static final String DEFAULT = "quick";

    static ReproducePreset of(String name) {
        return switch (name) {
            case "paper" -> new ReproducePreset("paper", "paper", 608, 77, 1000, 2000, 8, 0, 10_000, "paper", List.of(10, 30), 500,
                    List.of("reinforce", "dngo", "random", "evolution"), List.of(100, 250, 600, 1000, 10_000), 10);
            case "small" -> new ReproducePreset("small", "small", 6, 3, 1000, 2000, 8, 0, 10_000, "small", List.of(5, 10), 500,
                    List.of("reinforce", "random"), List.of(100, 250, 600, 1000, 10_000), 10);
            // sized by measurement to finish in under 10 minutes on 2 cores (README): fewer networks trained longer
            // (3 + 1 of one full epoch: half of the time; 5 of a shorter epoch were slower and less accurate), arch2vec
            // for one epoch on 150,000 of its training cells, the extended model for 3 epochs (below the baseline on
            // unseen images from the first), 100 searches a seed set (enough to separate REINFORCE from random search)
            case "quick" -> new ReproducePreset("quick", "quick", 3, 1, 1000, 2000, 1, 150_000, 10_000, "quick", List.of(3), 100,
                    List.of("reinforce", "random"), List.of(100, 250, 1000), 3);
            case "tiny" -> new ReproducePreset("tiny", "tiny", 4, 2, 100, 200, 1, 20_000, 1_000, "tiny", List.of(2), 20,
                    List.of("reinforce", "random"), List.of(100, 250, 1000), 3);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", NAMES));
        };
    }

    /**
     * Every field but the name, one readable row each, for the report. A new field needs its line
     * here; {@code ReproducePresetTest} fails until it has one.
     */
    List<Setting> settings() {
        return List.of(
                new Setting("pretrain", "pretraining preset (pretrain --preset)", pretrain),
                new Setting("trainNetworks", "labeled networks from arch2vec's training split (paper: 608)", Integer.toString(trainNetworks)),
                new Setting("validationNetworks", "unseen networks from its held-out split (paper: 77)", Integer.toString(validationNetworks)),
                new Setting("seenImages", "seen images: held-out CIFAR-10 training images (paper: 1,000)", Integer.toString(seenImages)),
                new Setting("unseenImages", "unseen images: CIFAR-10 test images (paper: 2,000)", Integer.toString(unseenImages)),
                new Setting("arch2vecEpochs", "arch2vec pretraining epochs (arch2vec: 8)", Integer.toString(arch2vecEpochs)),
                new Setting("arch2vecLimit", "cells per split arch2vec trains and is judged on (0 = all)", Integer.toString(arch2vecLimit)),
                new Setting("samples", "decoder samples for validity and uniqueness (arch2vec: 10,000)", Integer.toString(samples)),
                new Setting("ioModel", "IO model preset (io-model train --preset)", ioModel),
                new Setting("embedEpochs", "IO model epochs after which the space is embedded (paper: 10, 30)", join(embedEpochs)),
                new Setting("searchRuns", "runs per search (paper: 500)", Integer.toString(searchRuns)),
                new Setting("algorithms", "search algorithms", join(algorithms)),
                new Setting("predictSizes", "training-set sizes of the performance prediction", join(predictSizes)),
                new Setting("predictSeeds", "seeds per training-set size (paper: 10)", Integer.toString(predictSeeds)));
    }

    private static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
