package ionas.tensor.cuda;

/**
 * A device allocation failed even after the allocator gave its cache back to the driver. The
 * message says what was asked for, what ionas holds and what the device reports, which is what
 * one needs to tell "this model is too big" from "something leaks" or "another process holds it".
 */
public final class OutOfDeviceMemory extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long requested;

    public OutOfDeviceMemory(long requested, String message) {
        super(message);
        this.requested = requested;
    }

    /** The bytes the caller asked for, before rounding. */
    public long requested() {
        return requested;
    }
}
