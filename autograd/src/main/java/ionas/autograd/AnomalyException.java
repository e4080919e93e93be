package ionas.autograd;

/** Thrown in anomaly mode by the first op that turns finite values into NaN or Inf. */
public final class AnomalyException extends ArithmeticException {
    private final transient Op op;

    public AnomalyException(String message, Op op) {
        super(message);
        this.op = op;
    }

    /** The op that produced the non-finite value. */
    public Op op() {
        return op;
    }
}
