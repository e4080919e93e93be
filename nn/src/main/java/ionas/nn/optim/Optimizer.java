package ionas.nn.optim;

import ionas.autograd.Autograd;
import ionas.nn.Parameter;
import ionas.tensor.Device;
import ionas.tensor.FusedOptimizers;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the optimisers: a fixed, ordered list of parameters (order matters for saved
 * state), a learning rate that schedules may change, and per-parameter state.
 *
 * <p>{@link #zeroGrad()} sets gradients to null, like PyTorch's default {@code set_to_none=True}:
 * the next backward then writes fresh gradients rather than adding to zeros, and a parameter that
 * got no gradient is skipped by {@link #step()} (weight decay and momentum leave it alone too).
 */
public abstract class Optimizer {
    protected final List<Parameter> params;
    private double lr;

    protected Optimizer(List<Parameter> params, double lr) {
        if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        if (!(lr >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, not " + lr);
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    public double lr() { return lr; }

    public void setLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, not " + lr);
        this.lr = lr;
    }

    public List<Parameter> parameters() { return params; }

    public void zeroGrad() {
        params.forEach(Parameter::zeroGrad);
    }

    /**
     * Updates every parameter that has a gradient, in place, without recording a graph. The
     * parameters the fused update takes ({@link #fusable}) are updated together, one
     * {@link #updateFused} call per device (one kernel launch for all of them on a GPU); the others
     * one by one. Each parameter's update depends only on its own data, so the order is free.
     */
    public final void step() {
        try (var scope = Autograd.noGrad()) {
            Map<Device, List<Integer>> fused = new LinkedHashMap<>();
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                if (p.grad() == null) continue;
                if (fusable(p.data(), p.grad())) fused.computeIfAbsent(p.data().device(), d -> new ArrayList<>()).add(i);
                else update(i, p.data(), p.grad());
            }
            for (List<Integer> group : fused.values()) updateFused(group.stream().mapToInt(Integer::intValue).toArray());
            afterStep();
            // the state lives from step to step, whatever MemoryScope the step runs in
            MemoryScope.detach(stateDict().values());
        }
    }

    /**
     * Whether the backend's fused update applies: its backend has one ({@link FusedOptimizers}, an
     * optional capability) and the parameter is float32 stored contiguously (the fused kernels
     * write it in place). Other cases, float64 gradient checks among them, take the composed
     * NDArray update, which computes the same numbers.
     */
    protected static boolean fusable(NDArray w, NDArray grad) {
        return w.dtype() == ionas.tensor.DType.FLOAT32 && grad.dtype() == ionas.tensor.DType.FLOAT32 && w.isContiguous()
                && w.backend() instanceof FusedOptimizers;
    }

    /** The fused updates of {@link #fusable} parameter {@code w}'s backend. */
    protected static FusedOptimizers fusedUpdates(NDArray w) {
        return (FusedOptimizers) w.backend();
    }

    /** Updates parameter {@code index} (its data, in place) given its gradient: the composed NDArray update. */
    protected abstract void update(int index, NDArray param, NDArray grad);

    /**
     * Updates the parameters {@code indices} (ascending; all have a gradient, are {@link #fusable}
     * and live on one device) with the backend's multi-tensor update, which computes what
     * {@link #update} would, bit for bit.
     */
    protected abstract void updateFused(int[] indices);

    protected void afterStep() {}

    /** The optimiser's state (per-parameter buffers and counters) by name, for checkpoints. */
    public abstract Map<String, NDArray> stateDict();

    /** Restores what {@link #stateDict()} returned. */
    public abstract void loadStateDict(Map<String, NDArray> state);

    /** Helper for subclasses: per-parameter buffers named {@code prefix.i}. */
    protected static void putAll(Map<String, NDArray> out, String prefix, List<NDArray> buffers) {
        for (int i = 0; i < buffers.size(); i++) if (buffers.get(i) != null) out.put(prefix + "." + i, buffers.get(i));
    }

    /** Helper for subclasses: the buffers {@code prefix.i}, each on its parameter's device (checkpoints are read on the CPU). */
    protected final List<NDArray> readAll(Map<String, NDArray> state, String prefix, int n) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NDArray v = state.get(prefix + "." + i);
            out.add(v == null ? null : v.to(params.get(i).data().device()).copy());
        }
        return out;
    }

    protected static Map<String, NDArray> newState() {
        return new LinkedHashMap<>();
    }
}
