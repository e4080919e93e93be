package ionas.nn;

import ionas.tensor.Device;
import ionas.tensor.MemoryScope;
import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every layer and model, with PyTorch's shape: a tree of modules, each holding named
 * parameters (learned), buffers (state such as running statistics) and child modules.
 *
 * <p>Everything is registered explicitly in the constructor ({@link #parameter}, {@link #buffer},
 * {@link #module}), so the order of {@link #parameters()} is the order of registration, which is
 * what makes optimiser state and checkpoints deterministic. Names join with dots, as in PyTorch's
 * {@code state_dict}: {@code layers.0.weight}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ---------------------------------------------------------------- registration

    protected final Parameter parameter(String name, NDArray value) {
        checkName(name);
        Parameter p = new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    protected final NDArray buffer(String name, NDArray value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** The current array of buffer {@code name} (after {@link #to} it is a new array on the new device). */
    protected final NDArray buffer(String name) {
        NDArray b = buffers.get(name);
        if (b == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        return b;
    }

    protected final <M extends Module> M module(String name, M child) {
        checkName(name);
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("a module member name must be non-empty and have no dot: '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has a member named '" + name + "'");
    }

    // ---------------------------------------------------------------- the tree

    /**
     * Moves every parameter and buffer of this module and its descendants to {@code device}, in
     * place (PyTorch's {@code module.to(device)}): parameters keep their identity, so optimisers
     * made before the move still update them; gradients are dropped. Move a model before its
     * optimiser has taken a step: moments already made stay where they are, as in PyTorch.
     * Returns this module.
     */
    public Module to(Device device) {
        // a model outlives any step: its arrays belong to no MemoryScope, even if moved inside one
        return MemoryScope.outside(() -> {
            for (Parameter p : parameters.values()) if (!p.data().device().equals(device)) p.setData(p.data().to(device));
            buffers.replaceAll((name, b) -> b.to(device));
            for (Module c : children.values()) c.to(device);
            return this;
        });
    }

    /** Every parameter of this module and its descendants, in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    public final Map<String, NDArray> namedBuffers() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Parameter> ps, Map<String, NDArray> bs) {
        if (ps != null) parameters.forEach((n, p) -> ps.put(prefix + n, p));
        if (bs != null) buffers.forEach((n, b) -> bs.put(prefix + n, b));
        children.forEach((n, c) -> c.collect(prefix + n + ".", ps, bs));
    }

    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    // ---------------------------------------------------------------- modes

    /** Training mode (the default): dropout drops, batch norm uses and updates batch statistics. */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient (to null). */
    public final void zeroGrad() {
        parameters().forEach(Parameter::zeroGrad);
    }

    /** The number of learnable values. */
    public final long parameterCount() {
        return parameters().stream().mapToLong(Parameter::numel).sum();
    }

    // ---------------------------------------------------------------- state

    /** Parameters and buffers by their dotted names: the arrays themselves, not copies. */
    public final Map<String, NDArray> stateDict() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, NDArray> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.data()));
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.stateInto(prefix + n + ".", out));
    }

    /**
     * Copies values into the parameters and buffers of the same names. With {@code strict}, a
     * missing or unexpected name is an error; a shape mismatch always is. Errors list every
     * offending name at once.
     */
    public final void loadStateDict(Map<String, NDArray> state, boolean strict) {
        Map<String, NDArray> mine = stateDict();
        List<String> problems = new ArrayList<>();
        for (var e : mine.entrySet()) {
            NDArray v = state.get(e.getKey());
            if (v == null) {
                if (strict) problems.add("missing '" + e.getKey() + "'");
            } else if (!v.sameShape(e.getValue())) {
                problems.add("'" + e.getKey() + "' has shape " + Shapes.str(v.shape()) + " in the state but "
                        + Shapes.str(e.getValue().shape()) + " in the model");
            }
        }
        if (strict) for (String k : state.keySet()) if (!mine.containsKey(k)) problems.add("unexpected '" + k + "'");
        if (!problems.isEmpty())
            throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        mine.forEach((k, dst) -> {
            NDArray v = state.get(k);
            if (v != null) dst.copy_(v.to(dst.device()));
        });
    }

    // ---------------------------------------------------------------- printing

    /** A one-line description of this module's own settings, e.g. {@code in=3, out=16}. */
    protected String extraRepr() {
        return "";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            children.forEach((n, c) -> sb.append("  (").append(n).append("): ")
                    .append(c.toString().replace("\n", "\n  ")).append('\n'));
        }
        return sb.append(')').toString();
    }
}
