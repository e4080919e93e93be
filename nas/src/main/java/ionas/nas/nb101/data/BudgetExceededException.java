package ionas.nas.nb101.data;

/** Thrown by a {@link BudgetCounter} with a throwing limit when a charge takes it past the limit. */
public final class BudgetExceededException extends IllegalStateException {
    public BudgetExceededException(String message) {
        super(message);
    }
}
