package ionas.nn;

import ionas.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A module with one input and one output, the kind that {@link Sequential} chains. */
public abstract class Layer extends Module {
    private final List<LayerHook> hooks = new ArrayList<>();

    public abstract Tensor forward(Tensor x);

    /**
     * Runs {@code hook} around every later forward pass of this layer (if it calls {@link #hooked}),
     * outside the hooks added before it, until the returned registration is closed.
     */
    public final LayerHook.Registration addHook(LayerHook hook) {
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** Whether hooks are registered: a layer may then not fuse what follows it into its own op (a hook must see its output). */
    protected final boolean hasHooks() {
        return !hooks.isEmpty();
    }

    /** {@code body} on {@code x}, inside this layer's hooks: what a hookable layer's {@link #forward} returns. */
    protected final Tensor hooked(Tensor x, UnaryOperator<Tensor> body) {
        UnaryOperator<Tensor> f = body;
        for (LayerHook h : hooks) {
            UnaryOperator<Tensor> inner = f;
            f = in -> h.around(this, in, inner);
        }
        return f.apply(x);
    }
}
