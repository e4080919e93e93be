package ionas.autograd;

import ionas.tensor.NDArray;

/**
 * One node of the graph: a differentiable operation, its inputs, and what its backward needs.
 *
 * <p>Each op is a small final class whose {@link #forward} computes the output from its inputs'
 * data, and whose {@link #backward(Tensor)} turns the gradient of the output into one gradient per
 * input, with the derivative written right below the forward formula. A gradient may keep the
 * output's (broadcast) shape: the engine sums it back to the input's shape in one place
 * ({@link Engine}), so ops never deal with broadcasting.
 *
 * <p>Backward is written in tensor ops on the op's own {@link #input inputs} and {@link #output},
 * so that it is differentiable in turn. The engine runs it with gradients off for an ordinary
 * backward pass (the same array kernels, the same bits, no graph) and with gradients on for
 * {@link BackwardMode#CREATE_GRAPH}, where the gradient gets a graph of its own. An op whose
 * derivative needs a kernel of its own (a convolution's input gradient) makes that kernel a small
 * op whose backward is written in the others, so no derivative is written twice.
 *
 * <p>An op may instead override {@link #backward(NDArray)} on plain arrays: it then has first
 * derivatives only, and a {@link BackwardMode#CREATE_GRAPH} pass through it fails with its name.
 */
public abstract class Op {
    private static final Tensor[] NO_INPUTS = {};

    private Tensor[] inputs = NO_INPUTS; // shared rather than one empty array per op: backward applies many ops
    private Tensor output;
    private StackTraceElement[] createdAt;
    private boolean released;

    /** The output, computed from the inputs' data. Called once, by {@link #apply}. */
    protected abstract NDArray forward(NDArray... inputs);

    /**
     * The gradients of the loss with respect to each input, given the gradient of the output, in
     * tensor ops; an entry may be null when {@link #needsGrad(int)} is false for that input. Gradients
     * are on ({@link Autograd#isGradEnabled()}) exactly when the engine builds a graph of the gradient.
     *
     * <p>This default adapts an op written on plain arrays ({@link #backward(NDArray)}), which has no
     * graph to give, so it refuses a pass that must build one.
     */
    protected Tensor[] backward(Tensor gradOut) {
        if (Autograd.isGradEnabled())
            throw new UnsupportedOperationException(name() + " does not support createGraph (second derivatives): its backward "
                    + "is written on NDArrays; write backward(Tensor) in differentiable tensor ops");
        NDArray[] grads = backward(gradOut.data());
        Tensor[] out = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) out[i] = grads[i] == null ? null : Tensor.of(grads[i]);
        return out;
    }

    /** A backward on plain arrays, for an op with first derivatives only (see the class comment). */
    protected NDArray[] backward(NDArray gradOut) {
        throw new IllegalStateException(name() + " overrides neither backward(Tensor) nor backward(NDArray)");
    }

    /** Input {@code i}, as the graph holds it: what a differentiable backward reads. */
    protected final Tensor input(int i) {
        return inputs[i];
    }

    /** The tensor this op made, for a backward that reads the output (e^x, tanh). */
    protected final Tensor output() {
        return output;
    }

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

    /** The inputs without a copy, for the engine's walks (which only read them). */
    final Tensor[] inputsUncopied() {
        return inputs;
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
        if (Autograd.isAnomalyDetectionEnabled() && !Autograd.isInBackward()) Anomaly.checkForward(op, data, out);
        if (!track) return new Tensor(out, false, null);
        if (Autograd.isAnomalyDetectionEnabled()) op.createdAt = Thread.currentThread().getStackTrace();
        op.output = new Tensor(out, true, op);
        return op.output;
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
     * Frees what the op saved for backward besides its inputs and output (an argmax, statistics).
     * Ops that save large arrays override it and null their fields, so memory goes back as soon as
     * a backward pass is done.
     */
    protected void releaseSaved() {}
}
