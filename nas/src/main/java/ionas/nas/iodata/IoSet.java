package ionas.nas.iodata;

/**
 * The five labeled sets of the IO dataset (paper Table 2): which networks, run on which images.
 * "Train networks" are the labeled networks drawn from arch2vec's training split; "validation
 * networks" come from its held-out split, so the model never sees their graphs in training. The
 * training networks' outputs on unseen (test) images are divided once more: a tenth of the networks
 * form a validation set, the rest a test set.
 */
public enum IoSet {
    TRAIN("train", "train networks, seen images", Networks.TRAIN, false),
    VALID_UNSEEN_NETWORKS("valid_unseen_networks", "validation: unseen networks, seen images", Networks.VALIDATION, false),
    VALID_UNSEEN_IMAGES("valid_unseen_images", "validation: 0.1 of train networks, unseen images", Networks.TRAIN_HELD, true),
    TEST_UNSEEN_IMAGES("test_unseen_images", "test: 0.9 of train networks, unseen images", Networks.TRAIN_REST, true),
    TEST_UNSEEN_BOTH("test_unseen_both", "test: unseen networks, unseen images", Networks.VALIDATION, true);

    /** Which group of networks a set uses. */
    enum Networks { TRAIN, VALIDATION, TRAIN_HELD, TRAIN_REST }

    private final String key, description;
    final Networks networks;
    private final boolean unseenImages;

    IoSet(String key, String description, Networks networks, boolean unseenImages) {
        this.key = key;
        this.description = description;
        this.networks = networks;
        this.unseenImages = unseenImages;
    }

    /** The name used in files and tables, e.g. {@code valid_unseen_networks}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Whether the set's images are the unseen test images (else the seen held-out training images). */
    public boolean unseenImages() {
        return unseenImages;
    }
}
