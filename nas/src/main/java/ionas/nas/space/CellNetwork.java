package ionas.nas.space;

import ionas.autograd.Tensor;
import ionas.nn.Layer;

/**
 * The image classifier a space builds around a cell: {@link #forward} gives the class scores, and
 * {@link #features} the pooled features the classifier reads, which the IO dataset records for
 * every pretrained network.
 */
public abstract class CellNetwork extends Layer {
    /** The pooled features before the classifier: {@code (N, featureChannels())} for {@code (N, 3, H, W)} images. */
    public abstract Tensor features(Tensor images);

    /** The width of {@link #features}: the classifier's input size. */
    public abstract int featureChannels();
}
