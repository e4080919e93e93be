package ionas.experiments.cli;

import ionas.experiments.report.RunSettings;
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
    /** The paper's run: 685 networks of 12 epochs, the extended model for 30 epochs, 500 searches a seed set. */
    static final ReproducePreset PAPER = new Builder().name("paper").pretrain("paper").trainNetworks(608).validationNetworks(77).seenImages(1000)
            .unseenImages(2000).arch2vecEpochs(8).arch2vecLimit(0).samples(10_000).ioModel("paper").embedEpochs(10, 30).searchRuns(500)
            .algorithms("reinforce", "dngo", "random", "evolution").predictSizes(100, 250, 600, 1000, 10_000).predictSeeds(10).build();

    /** A CPU afternoon: the paper's steps with a few networks, the small step presets and the cheap searches. */
    static final ReproducePreset SMALL = PAPER.toBuilder().name("small").pretrain("small").trainNetworks(6).validationNetworks(3).ioModel("small")
            .embedEpochs(5, 10).algorithms("reinforce", "random").build();

    /**
     * Sized by measurement to finish in under 10 minutes on 2 cores (README): fewer networks trained longer
     * (3 + 1 of one full epoch: half of the time; 5 of a shorter epoch were slower and less accurate), arch2vec
     * for one epoch on 150,000 of its training cells, the extended model for 3 epochs (below the baseline on
     * unseen images from the first), 100 searches a seed set (enough to separate REINFORCE from random search).
     */
    static final ReproducePreset QUICK = SMALL.toBuilder().name("quick").pretrain("quick").trainNetworks(3).validationNetworks(1)
            .arch2vecEpochs(1).arch2vecLimit(150_000).ioModel("quick").embedEpochs(3).searchRuns(100).predictSizes(100, 250, 1000)
            .predictSeeds(3).build();

    /** The pipeline in about a minute, numbers not meant to match: what the tests run. */
    static final ReproducePreset TINY = QUICK.toBuilder().name("tiny").pretrain("tiny").trainNetworks(4).validationNetworks(2).seenImages(100)
            .unseenImages(200).arch2vecLimit(20_000).samples(1_000).ioModel("tiny").embedEpochs(2).searchRuns(20).build();

    private static final List<ReproducePreset> ALL = List.of(PAPER, SMALL, QUICK, TINY);

    /** The names {@link #of} takes, largest first. */
    static final List<String> NAMES = ALL.stream().map(ReproducePreset::name).toList();

    /** The preset {@code ionas reproduce} runs without {@code --preset}. */
    static final String DEFAULT = "quick";

    static ReproducePreset of(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", NAMES)));
    }

    /** This preset, to change some settings by name. */
    Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings by name. */
    static final class Builder {
        private String name, pretrain, ioModel;
        private int trainNetworks, validationNetworks, seenImages, unseenImages, arch2vecEpochs, arch2vecLimit, samples, searchRuns, predictSeeds;
        private List<Integer> embedEpochs, predictSizes;
        private List<String> algorithms;

        private Builder() {}

        private Builder(ReproducePreset p) {
            name = p.name;
            pretrain = p.pretrain;
            trainNetworks = p.trainNetworks;
            validationNetworks = p.validationNetworks;
            seenImages = p.seenImages;
            unseenImages = p.unseenImages;
            arch2vecEpochs = p.arch2vecEpochs;
            arch2vecLimit = p.arch2vecLimit;
            samples = p.samples;
            ioModel = p.ioModel;
            embedEpochs = p.embedEpochs;
            searchRuns = p.searchRuns;
            algorithms = p.algorithms;
            predictSizes = p.predictSizes;
            predictSeeds = p.predictSeeds;
        }

        Builder name(String v) { name = v; return this; }
        Builder pretrain(String v) { pretrain = v; return this; }
        Builder trainNetworks(int v) { trainNetworks = v; return this; }
        Builder validationNetworks(int v) { validationNetworks = v; return this; }
        Builder seenImages(int v) { seenImages = v; return this; }
        Builder unseenImages(int v) { unseenImages = v; return this; }
        Builder arch2vecEpochs(int v) { arch2vecEpochs = v; return this; }
        Builder arch2vecLimit(int v) { arch2vecLimit = v; return this; }
        Builder samples(int v) { samples = v; return this; }
        Builder ioModel(String v) { ioModel = v; return this; }
        Builder embedEpochs(Integer... v) { embedEpochs = List.of(v); return this; }
        Builder searchRuns(int v) { searchRuns = v; return this; }
        Builder algorithms(String... v) { algorithms = List.of(v); return this; }
        Builder predictSizes(Integer... v) { predictSizes = List.of(v); return this; }
        Builder predictSeeds(int v) { predictSeeds = v; return this; }

        ReproducePreset build() {
            return new ReproducePreset(name, pretrain, trainNetworks, validationNetworks, seenImages, unseenImages, arch2vecEpochs, arch2vecLimit,
                    samples, ioModel, embedEpochs, searchRuns, algorithms, predictSizes, predictSeeds);
        }
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
                new Setting(RunSettings.EMBED_EPOCHS, "IO model epochs after which the space is embedded (paper: 10, 30)", join(embedEpochs)),
                new Setting("searchRuns", "runs per search (paper: 500)", Integer.toString(searchRuns)),
                new Setting("algorithms", "search algorithms", join(algorithms)),
                new Setting("predictSizes", "training-set sizes of the performance prediction", join(predictSizes)),
                new Setting("predictSeeds", "seeds per training-set size (paper: 10)", Integer.toString(predictSeeds)));
    }

    private static String join(List<?> values) {
        return String.join(", ", values.stream().map(String::valueOf).toList());
    }
}
