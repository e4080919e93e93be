package ionas.autograd;

import ionas.tensor.NDArray;

/**
 * One node of the graph: a differentiable operation, its inputs, and what its backward needs.
 *
 * <p>Each op is a small final class whose {@link #forward} computes the output from its inputs'
 * data and keeps (as fields) only what {@link #backward} will read, and whose {@link #backward}
 * turns the gradient of the output into one gradient per input, with the derivative written right
 * below the forward formula. A gradient may keep the output's (broadcast) shape: the engine sums it
 * back to the input's shape in one place ({@link Engine}), so ops never deal with broadcasting.
 */
public abstract class Op {
    private Tensor[] inputs = new Tensor[0];
    private StackTraceElement[] createdAt;
    private boolean released;

    /** The output, computed from the inputs' data. Called once, by {@link #apply}. */
    protected abstract NDArray forward(NDArray... inputs);

    /**
     * The gradients of the loss with respect to each input, given the gradient of the output;
     * an entry may be null when {@link #needsGrad(int)} is false for that input.
     */
    protected abstract NDArray[] backward(NDArray gradOut);

    /** The name printed in graphs and errors. */
    public String name() {
        return getClass().getSimpleName();
    }

    /** Whether input {@code i} wants a gradient (so backward may skip work for it). */
    protected final boolean needsGrad(int i) {
        return inputs[i].requiresGrad();
    }

    /** The op's inputs, in order. */
    public final Tensor[] inputs() {
        return inputs.clone();
    }

    /** Where in the user's code this op was created (recorded only in anomaly mode), or null. */
    public final StackTraceElement[] createdAt() {
        return createdAt;
    }

    /**
     * Runs {@code op} on {@code inputs} and, when gradients are on and some input requires one,
     * makes the op the output's creator.
     */
    public static Tensor apply(Op op, Tensor... inputs) {
        NDArray[] data = new NDArray[inputs.length];
        boolean track = false;
        for (int i = 0; i < inputs.length; i++) {
            data[i] = inputs[i].data();
            track |= inputs[i].requiresGrad();
        }
        track &= Autograd.isGradEnabled();
        if (track) op.inputs = inputs.clone();
        NDArray out = op.forward(data);
        if (Autograd.isAnomalyDetectionEnabled()) Anomaly.checkForward(op, data, out);
        if (!track) return new Tensor(out, false, null);
        if (Autograd.isAnomalyDetectionEnabled()) op.createdAt = Thread.currentThread().getStackTrace();
        return new Tensor(out, true, op);
    }

    /** Drops the saved state after a backward pass that did not retain the graph. */
    final void release() {
        released = true;
        releaseSaved();
    }

    final boolean isReleased() {
        return released;
    }

    /**
     * Frees the tensors saved for backward. Ops that save large arrays override it and null
     * their fields, so memory goes back as soon as a backward pass is done.
     */
    protected void releaseSaved() {}
}
