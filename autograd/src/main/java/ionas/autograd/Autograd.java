package ionas.autograd;

import ionas.tensor.NDArray;
import ionas.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;

/**
 * The switches of the autograd engine, each a try-with-resources scope that restores the previous
 * setting when it closes:
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) { ... }          // build no graph (evaluation, optimiser steps)
 * try (var scope = Autograd.detectAnomaly()) { ... }   // name the op that first makes a NaN or Inf
 * }</pre>
 *
 * Settings are per thread, like PyTorch's. {@link #grad} is the functional form of backward.
 */
public final class Autograd {
    private Autograd() {}

    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static final ThreadLocal<boolean[]> ANOMALY = ThreadLocal.withInitial(() -> new boolean[] {false});
    private static final ThreadLocal<boolean[]> IN_BACKWARD = ThreadLocal.withInitial(() -> new boolean[] {false});

    /** A scope that restores a setting when closed; {@code close} throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    public static boolean isGradEnabled() {
        return GRAD_ENABLED.get()[0];
    }

    public static boolean isAnomalyDetectionEnabled() {
        return ANOMALY.get()[0];
    }

    /** Ops inside the scope record no graph, as in {@code torch.no_grad()}. */
    public static Scope noGrad() {
        return set(GRAD_ENABLED, false);
    }

    /** Re-enables graph recording inside a {@link #noGrad} scope. */
    public static Scope enableGrad() {
        return set(GRAD_ENABLED, true);
    }

    /**
     * Anomaly mode, for debugging only (it checks every op's output and records a stack trace per
     * op): the first op whose forward or backward turns finite inputs into a NaN or Inf throws an
     * {@link AnomalyException} naming the op and the line of user code that created it.
     */
    public static Scope detectAnomaly() {
        return set(ANOMALY, true);
    }

    /**
     * The gradients of the one-element {@code output} with respect to {@code inputs}, as
     * {@code torch.autograd.grad}: returned in order rather than added to any {@code grad()}, and
     * only the ops between them run. An input the output does not depend on gets zeros. With
     * {@link BackwardMode#CREATE_GRAPH} the gradients have graphs of their own, to differentiate again.
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, BackwardMode mode) {
        if (output.numel() != 1)
            throw new IllegalStateException("grad of an output of shape " + Shapes.str(output.shape())
                    + " needs the output's gradient: use grad(outputs, gradOutputs, inputs, mode)");
        return grad(List.of(output), List.of(Tensor.of(NDArray.full(1, output.dtype(), output.device(), output.shape()))), inputs, mode);
    }

    /**
     * The gradients with respect to {@code inputs} of the sum over i of {@code outputs[i]} weighted
     * by {@code gradOutputs[i]} (each of its output's shape; with {@link BackwardMode#CREATE_GRAPH}
     * they may have graphs themselves), as {@code torch.autograd.grad(outputs, inputs, grad_outputs)}.
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> gradOutputs, List<Tensor> inputs, BackwardMode mode) {
        if (outputs.size() != gradOutputs.size())
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " gradients of outputs");
        for (int i = 0; i < outputs.size(); i++) Engine.checkRoot("grad of output " + i, outputs.get(i), gradOutputs.get(i));
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad())
                throw new IllegalArgumentException("grad: input " + i + " does not require a gradient, so nothing depends on it");
        }
        Tensor[] found = Engine.run(outputs, gradOutputs, inputs, mode);
        List<Tensor> grads = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            grads.add(found[i] != null ? found[i] : Tensor.of(NDArray.zeros(in.dtype(), in.device(), in.shape())));
        }
        return grads;
    }

    /**
     * Marks an op's backward running: the ops it applies are checked as that op's backward, not as
     * forward passes of their own, so anomaly mode names the op whose derivative made the NaN.
     */
    static Scope inBackward() {
        return set(IN_BACKWARD, true);
    }

    static boolean isInBackward() {
        return IN_BACKWARD.get()[0];
    }

    private static Scope set(ThreadLocal<boolean[]> flag, boolean value) {
        boolean[] cell = flag.get();
        boolean previous = cell[0];
        cell[0] = value;
        return () -> cell[0] = previous;
    }
}
