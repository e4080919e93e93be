package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a proxy scores: a network, and the minibatch it is scored on. Holds the one {@link LossPass}
 * that grad_norm, snip and fisher share, made when the first of them asks: make one input per cell.
 */
public final class ProxyInput {
    private final Supplier<CellNetwork> network;
    private final NDArray images, labels;
    private LossPass lossPass;

    /**
     * @param network a new network, the same weights at every call: a proxy may change the one it gets
     *     (hooks, absolute weights), as zero-cost-nas scores each proxy on a fresh copy
     * @param images (N, 3, H, W)
     * @param labels (N) class indices
     */
    public ProxyInput(Supplier<CellNetwork> network, NDArray images, NDArray labels) {
        if (images.dim() != 4) throw new IllegalArgumentException("images must be (N, 3, H, W), not " + Arrays.toString(images.shape()));
        if (labels.dim() != 1 || labels.size(0) != images.size(0))
            throw new IllegalArgumentException("labels must be (N) for " + images.size(0) + " images, not " + Arrays.toString(labels.shape()));
        this.network = network;
        this.images = images;
        this.labels = labels;
    }

    /** A new network, the same weights at every call. */
    public Supplier<CellNetwork> network() {
        return network;
    }

    /** The minibatch's images, (N, 3, H, W). */
    public NDArray images() {
        return images;
    }

    /** The minibatch's class indices, (N). */
    public NDArray labels() {
        return labels;
    }

    /** The minibatch's size. */
    public int batch() {
        return images.size(0);
    }

    /** The loss's forward and backward pass on a new network, made once (grad_norm, snip, fisher). */
    LossPass lossPass() {
        if (lossPass == null) lossPass = LossPass.of(this);
        return lossPass;
    }

    /** The mean cross-entropy of {@code net} on the minibatch, in training mode (batch statistics), as every loss-based proxy takes it. */
    Tensor loss(CellNetwork net) {
        net.train(true);
        return Losses.crossEntropy(net.forward(Tensor.of(images)), labels, Reduction.MEAN);
    }
}
