package ionas.nas.pretrain;

/** What one epoch of pretraining measured. */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAccuracy,
                           double validationLoss, double validationAccuracy, double seconds) {}
