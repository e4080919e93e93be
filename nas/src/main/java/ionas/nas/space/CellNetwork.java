package ionas.nas.space;

import ionas.autograd.Tensor;
import ionas.nn.Layer;
import ionas.nn.layers.Linear;

/**
 * The image classifier a space builds around a cell: {@link #features} gives the pooled features,
 * which the IO dataset records for every pretrained network, and a dense layer
 * ({@link #classifier()}) turns them into the class scores of {@link #forward}.
 */
public abstract class CellNetwork extends Layer {
    /** The pooled features before the classifier: {@code (N, featureChannels())} for {@code (N, 3, H, W)} images. */
    public abstract Tensor features(Tensor images);

    /** The dense layer from the features to the class scores. */
    protected abstract Linear classifier();

    /** The class scores: the classifier on the features. */
    @Override
    public final Tensor forward(Tensor images) {
        return classifier().forward(features(images));
    }

    /** The width of {@link #features}: the classifier's input size. */
    public final int featureChannels() {
        return classifier().weight.data().size(1);
    }
}
