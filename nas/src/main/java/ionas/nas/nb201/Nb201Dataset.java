package ionas.nas.nb201;

import ionas.nas.predict.PredictionMetrics;

/**
 * The three data sets NAS-Bench-201 trained every cell on, with the key the shared records file
 * uses for each. {@link #CIFAR10_VALID} is the benchmark's {@code cifar10-valid} setting: trained on
 * half of CIFAR-10's training images and validated on the other half.
 */
public enum Nb201Dataset {
    CIFAR10_VALID("cifar10", "cifar10-valid", 12_000),
    CIFAR100("cifar100", "cifar100", 500_000),
    IMAGENET16_120("ImageNet16-120", "ImageNet16-120", 1_400_000);

    private final String key;
    private final String label;
    private final int arch2vecBudgetSeconds;

    Nb201Dataset(String key, String label, int arch2vecBudgetSeconds) {
        this.key = key;
        this.label = label;
        this.arch2vecBudgetSeconds = arch2vecBudgetSeconds;
    }

    /**
     * The budget of arch2vec's NAS-Bench-201 searches on this data set, in seconds of the
     * benchmark's per-cell training times: {@code --MAX_BUDGET} of its run scripts
     * ({@code run_scripts/run_reinforce_arch2vec_nasbench201_*.sh} and {@code run_bo_...}, the same
     * for REINFORCE and DNGO). The shared records hold no training times, so ionas cannot charge
     * it and names it only to say what its query budget stands in for.
     */
    public int arch2vecBudgetSeconds() {
        return arch2vecBudgetSeconds;
    }

    /** The key of this data set in a records file's {@code val_acc} object. */
    public String key() {
        return key;
    }

    /** The benchmark's name for the setting, as papers and arch2vec's scripts write it. */
    public String label() {
        return label;
    }

    /**
     * Above which validation accuracy (a fraction) a prediction's RMSE and Pearson's r are scored:
     * arch2vec's 0.8 on cifar10-valid, as on NAS-Bench-101, whose accuracies are CIFAR-10's too; on
     * cifar100 and ImageNet16-120, whose best cells reach 73% and 47%, that cut leaves no cell, and
     * no published cut replaces it, so every predicted cell is scored.
     */
    public double predictionCut() {
        return this == CIFAR10_VALID ? PredictionMetrics.ACCURACY_THRESHOLD : PredictionMetrics.NO_CUT;
    }

    /** Parses a name as users write it: the benchmark's label, the records' key, or the enum name, in any case. */
    public static Nb201Dataset parse(String name) {
        String n = name.strip();
        for (Nb201Dataset d : values()) {
            if (d.key.equalsIgnoreCase(n) || d.label.equalsIgnoreCase(n) || d.name().equalsIgnoreCase(n)) return d;
        }
        throw new IllegalArgumentException("unknown NAS-Bench-201 data set '" + name + "': expected cifar10-valid, cifar100 or ImageNet16-120");
    }
}
