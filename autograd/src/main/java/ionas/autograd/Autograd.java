package ionas.autograd;

/**
 * The switches of the autograd engine, each a try-with-resources scope that restores the previous
 * setting when it closes:
 *
 * <pre>{@code
 * try (var scope = Autograd.noGrad()) { ... }          // build no graph (evaluation, optimiser steps)
 * try (var scope = Autograd.detectAnomaly()) { ... }   // name the op that first makes a NaN or Inf
 * }</pre>
 *
 * Settings are per thread, like PyTorch's.
 */
public final class Autograd {
    private Autograd() {}

    private static final ThreadLocal<boolean[]> GRAD_ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private static final ThreadLocal<boolean[]> ANOMALY = ThreadLocal.withInitial(() -> new boolean[] {false});

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

    private static Scope set(ThreadLocal<boolean[]> flag, boolean value) {
        boolean[] cell = flag.get();
        boolean previous = cell[0];
        cell[0] = value;
        return () -> cell[0] = previous;
    }
}
