package ionas.nas.iomodel;

import java.util.List;

/**
 * One epoch of semi-supervised training: the labeled losses on every set beside the mean-vector
 * baseline (each with its bootstrapped 95% interval), and the reconstruction and generation
 * metrics of the model's VAE and of the reference arch2vec trained alongside (NaN without one).
 */
public record IoEpochMetrics(int epoch, double trainLabeledL1, double trainLabeledLoss, double trainUnlabeledLoss, double referenceLoss,
                             int labeledBatches, int unlabeledBatches, List<SetLoss> sets, VaeMetrics model, VaeMetrics reference,
                             double seconds) {
    public IoEpochMetrics {
        sets = List.copyOf(sets);
    }

    /** The L1 loss of the model and of the baseline (L1 to the set's mean target) on one labeled set. */
    public record SetLoss(String set, long examples, Bootstrap.Interval loss, Bootstrap.Interval baseline) {}

    /** arch2vec's metrics (spec 3.7) of a VAE: held-out reconstruction, validity and uniqueness of decoder samples. */
    public record VaeMetrics(double opAccuracy, double adjacencyAccuracy, double identical, double validity, double uniqueness) {
        public static final VaeMetrics NONE = new VaeMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public SetLoss set(String key) {
        for (SetLoss s : sets) if (s.set().equals(key)) return s;
        throw new IllegalArgumentException("no set '" + key + "' in epoch " + epoch);
    }
}
