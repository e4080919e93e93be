package ionas.nas.iomodel;

/**
 * The order of labeled and unlabeled batches in one epoch of semi-supervised training (paper
 * section 3.3: "300 labeled batches followed by 200 unlabeled batches"; info-NAS's
 * {@code SemiSupervisedDataset}, spec A.4): the next batch is labeled while
 * {@code k * (unlabeledDone / perBlock + 1) > labeledDone}, that is in blocks of {@code k}
 * labeled batches each followed by {@code perBlock} unlabeled ones; when one stream runs out the
 * other finishes the epoch.
 */
public final class BatchSchedule {
    private BatchSchedule() {}

    /**
     * info-NAS's unlabeled block length: {@code (coefK * unlabeledBatches) // (labeledNetworks // batchSize)},
     * 206 for the paper's 608 networks and 11,896 unlabeled batches. With fewer networks than one
     * batch the divisor would be 0 (an error in the reference); it is taken as 1 here.
     */
    public static int unlabeledPerBlock(double coefK, int unlabeledBatches, int labeledNetworks, int batchSize) {
        int divisor = Math.max(1, labeledNetworks / batchSize);
        return Math.max(1, (int) Math.floor(coefK * unlabeledBatches / divisor));
    }

    /** The epoch's batches in order: {@code true} for labeled. */
    public static boolean[] order(int labeledBatches, int unlabeledBatches, int k, int perBlock) {
        if (k <= 0 || perBlock <= 0) throw new IllegalArgumentException("block lengths must be positive (k " + k + ", per block " + perBlock + ")");
        boolean[] out = new boolean[labeledBatches + unlabeledBatches];
        int lab = 0, unl = 0;
        for (int i = 0; i < out.length; i++) {
            boolean labeled = lab < labeledBatches && (unl >= unlabeledBatches || (long) k * (unl / perBlock + 1) > lab);
            out[i] = labeled;
            if (labeled) lab++;
            else unl++;
        }
        return out;
    }
}
