package ionas.autograd;

import ionas.tensor.NDArray;

/** The checks of anomaly mode (see {@link Autograd#detectAnomaly()}). */
final class Anomaly {
    private Anomaly() {}

    static void checkForward(Op op, NDArray[] inputs, NDArray out) {
        String bad = nonFinite(out);
        if (bad == null) return;
        for (NDArray in : inputs) if (nonFinite(in) != null) return; // it came in, this op did not make it
        throw new AnomalyException(op.name() + " produced " + bad + " in its forward pass (inputs were finite), at "
                + userFrame(Thread.currentThread().getStackTrace()), op);
    }

    static void checkBackward(Op op, NDArray gradOut, Tensor[] grads) {
        if (nonFinite(gradOut) != null) return;
        for (int i = 0; i < grads.length; i++) {
            String bad = grads[i] == null ? null : nonFinite(grads[i].data());
            if (bad != null) {
                throw new AnomalyException(op.name() + " produced " + bad + " in the gradient of its input " + i
                        + " during backward (the incoming gradient was finite); the op was created at "
                        + userFrame(op.createdAt()), op);
            }
        }
    }

    /** "NaN", "Inf" or null. */
    private static String nonFinite(NDArray x) {
        for (double v : x.toDoubleArray()) {
            if (Double.isNaN(v)) return "NaN";
            if (Double.isInfinite(v)) return "Inf";
        }
        return null;
    }

    /** The engine's classes and the holders of the ops (each op is a class nested in one). */
    private static final java.util.Set<String> ENGINE_CLASSES = java.util.Set.of(
            Op.class.getName(), Tensor.class.getName(), Engine.class.getName(), Anomaly.class.getName(), Autograd.class.getName(),
            Elementwise.class.getName(), Reductions.class.getName(), LinearAlgebra.class.getName(), Views.class.getName(),
            Indexing.class.getName(), Convolution.class.getName(), Normalization.class.getName());

    /** The first stack frame outside the engine: the user's line that called the op. */
    static String userFrame(StackTraceElement[] trace) {
        if (trace == null) return "<unknown: the op was created outside anomaly mode>";
        for (StackTraceElement e : trace) {
            String c = e.getClassName();
            String outer = c.indexOf('$') < 0 ? c : c.substring(0, c.indexOf('$'));
            boolean engine = ENGINE_CLASSES.contains(outer)
                    || c.startsWith("ionas.tensor.") || c.startsWith("java.") || c.startsWith("jdk.");
            if (!engine) {
                return e.toString();
            }
        }
        return trace.length > 0 ? trace[trace.length - 1].toString() : "<unknown>";
    }
}
