package ionas.nas.iodata;

import ionas.tensor.Device;
import ionas.tensor.NDArray;

/**
 * A batch of labeled examples: the networks' graphs as arch2vec encodes them ({@code ops (B, 7, 5)},
 * upper-triangular {@code adjacency (B, 7, 7)}), the images {@code (B, 3, 32, 32)} and the targets
 * {@code (B, T)}.
 */
public record LabeledBatch(NDArray ops, NDArray adjacency, NDArray images, NDArray targets) {
    public int size() {
        return ops.size(0);
    }

    /** The batch on {@code device}. */
    public LabeledBatch to(Device device) {
        return new LabeledBatch(ops.to(device), adjacency.to(device), images.to(device), targets.to(device));
    }
}
