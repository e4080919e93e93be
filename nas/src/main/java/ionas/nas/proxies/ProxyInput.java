package ionas.nas.proxies;

import ionas.autograd.Tensor;
import ionas.nas.space.CellNetwork;
import ionas.nn.loss.Losses;
import ionas.nn.loss.Reduction;
import ionas.tensor.NDArray;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a proxy scores: a network, and the minibatch it is scored on.
 *
 * @param network a new network, the same weights at every call: a proxy may change the one it gets
 *     (hooks, absolute weights), as zero-cost-nas scores each proxy on a fresh copy
 * @param images (N, 3, H, W)
 * @param labels (N) class indices
 */
public record ProxyInput(Supplier<CellNetwork> network, NDArray images, NDArray labels) {
    public ProxyInput {
        if (images.dim() != 4) throw new IllegalArgumentException("images must be (N, 3, H, W), not " + Arrays.toString(images.shape()));
        if (labels.dim() != 1 || labels.size(0) != images.size(0))
            throw new IllegalArgumentException("labels must be (N) for " + images.size(0) + " images, not " + Arrays.toString(labels.shape()));
    }

    /** The minibatch's size. */
    public int batch() {
        return images.size(0);
    }

    /** A new network after a backward pass of {@link #loss}: its parameters hold the loss's gradients (grad_norm, snip). */
    CellNetwork networkWithLossGradients() {
        CellNetwork net = network.get();
        loss(net).backward();
        return net;
    }

    /** The mean cross-entropy of {@code net} on the minibatch, in training mode (batch statistics), as every loss-based proxy takes it. */
    Tensor loss(CellNetwork net) {
        net.train(true);
        return Losses.crossEntropy(net.forward(Tensor.of(images)), labels, Reduction.MEAN);
    }
}
