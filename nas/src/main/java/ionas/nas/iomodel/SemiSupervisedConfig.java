package ionas.nas.iomodel;

import ionas.nas.iodata.TargetTransform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of semi-supervised training (paper section 3.3 and Table 3, spec A.4). Made by name:
 * {@link #PAPER} states every setting, and each smaller preset states only what differs from the
 * one it is derived from ({@code PAPER.toBuilder().epochs(10)...build()}). The record's text is
 * what a checkpoint records, so its fields and their order stay as they are.
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

    /** The paper's run (Table 3): 30 epochs on every cell, blocks of 300 labeled batches, the paper's model. */
    public static final SemiSupervisedConfig PAPER = new Builder().epochs(30).batchSize(32).lr(1e-3).clipNorm(5).vaeWeight(1).labeledBlock(300)
            .coefK(0.33).unlabeledBlock(0).unlabeledCells(0).heldOutCells(0).samples(10_000).evalExamples(10_000).resamples(1000).reference(true)
            .seed(1).model(IoModel.Config.paper(513)).targets(TargetTransform.Options.paper()).build();

    /** A CPU-sized run: a narrower image branch and head, 40,000 unlabeled cells, blocks of 50. */
    public static final SemiSupervisedConfig SMALL = PAPER.toBuilder().epochs(10).labeledBlock(50).unlabeledCells(40_000).heldOutCells(4_000)
            .samples(2_000).evalExamples(4_000).model(PAPER.model().toBuilder().startChannels(16).dense(128).build()).build();

    /** Small's model for 3 epochs on 10,000 unlabeled cells: below the baseline on unseen images from epoch 1. */
    public static final SemiSupervisedConfig QUICK = SMALL.toBuilder().epochs(3).unlabeledCells(10_000).build();

    /** Seconds: for tests and the tiny reproduction. */
    public static final SemiSupervisedConfig TINY = SMALL.toBuilder().epochs(2).labeledBlock(10).unlabeledCells(1_000).heldOutCells(500)
            .samples(200).evalExamples(500).resamples(200).model(SMALL.model().toBuilder().startChannels(4).convs(1).dense(32).denseLayers(1).build())
            .build();

    private static final Map<String, SemiSupervisedConfig> BY_NAME = presets();

    /** The names {@link #preset} takes, largest first. */
    public static final List<String> PRESETS = List.copyOf(BY_NAME.keySet());

    private static Map<String, SemiSupervisedConfig> presets() {
        Map<String, SemiSupervisedConfig> byName = new LinkedHashMap<>();
        byName.put("paper", PAPER);
        byName.put("small", SMALL);
        byName.put("quick", QUICK);
        byName.put("tiny", TINY);
        return byName;
    }

    /** The presets of {@code ionas io-model train --preset}. */
    public static SemiSupervisedConfig preset(String name) {
        SemiSupervisedConfig c = BY_NAME.get(name);
        if (c == null) throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + String.join(", ", PRESETS));
        return c;
    }

    /** These settings, to change some by name. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings by name; {@link #build} checks them. */
    public static final class Builder {
        private int epochs, batchSize, labeledBlock, unlabeledBlock, unlabeledCells, heldOutCells, samples, evalExamples, resamples;
        private double lr, clipNorm, vaeWeight, coefK;
        private boolean reference;
        private long seed;
        private IoModel.Config model;
        private TargetTransform.Options targets;

        private Builder() {}

        private Builder(SemiSupervisedConfig c) {
            epochs = c.epochs;
            batchSize = c.batchSize;
            lr = c.lr;
            clipNorm = c.clipNorm;
            vaeWeight = c.vaeWeight;
            labeledBlock = c.labeledBlock;
            coefK = c.coefK;
            unlabeledBlock = c.unlabeledBlock;
            unlabeledCells = c.unlabeledCells;
            heldOutCells = c.heldOutCells;
            samples = c.samples;
            evalExamples = c.evalExamples;
            resamples = c.resamples;
            reference = c.reference;
            seed = c.seed;
            model = c.model;
            targets = c.targets;
        }

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder vaeWeight(double v) { vaeWeight = v; return this; }
        public Builder labeledBlock(int v) { labeledBlock = v; return this; }
        public Builder coefK(double v) { coefK = v; return this; }
        public Builder unlabeledBlock(int v) { unlabeledBlock = v; return this; }
        public Builder unlabeledCells(int v) { unlabeledCells = v; return this; }
        public Builder heldOutCells(int v) { heldOutCells = v; return this; }
        public Builder samples(int v) { samples = v; return this; }
        public Builder evalExamples(int v) { evalExamples = v; return this; }
        public Builder resamples(int v) { resamples = v; return this; }
        public Builder reference(boolean v) { reference = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder model(IoModel.Config v) { model = v; return this; }
        public Builder targets(TargetTransform.Options v) { targets = v; return this; }

        public SemiSupervisedConfig build() {
            return new SemiSupervisedConfig(epochs, batchSize, lr, clipNorm, vaeWeight, labeledBlock, coefK, unlabeledBlock, unlabeledCells,
                    heldOutCells, samples, evalExamples, resamples, reference, seed, model, targets);
        }
    }
}
