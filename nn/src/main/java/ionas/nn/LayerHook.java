package ionas.nn;

import ionas.autograd.Tensor;
import java.util.function.UnaryOperator;

/**
 * Code that runs around a layer's forward pass, as PyTorch's forward hooks and its patched
 * {@code forward} methods do: it may look at the input and the output (the zero-cost proxies read
 * every convolution's output and every batch norm's), or replace the computation (SynFlow runs a
 * network without its batch norms). Only the layers that call {@link Layer#hooked} take hooks:
 * {@code Conv2d}, {@code Linear} and {@code BatchNorm}.
 */
@FunctionalInterface
public interface LayerHook {
    /**
     * The layer's output for {@code input}; {@code forward} is the layer's own computation (or the
     * next hook's), which the hook may call or skip.
     */
    Tensor around(Layer layer, Tensor input, UnaryOperator<Tensor> forward);

    /** A registered hook; closing it removes the hook from its layer. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
